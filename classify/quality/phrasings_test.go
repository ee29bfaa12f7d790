package quality

import "testing"

// TestPhrasings scores testdata/phrasings.jsonl: short sentences written
// for issue 9, one or two per phrasing the field uses (any public body as
// buyer, "entered into", task orders handed out, contract notices, High
// Court proceedings, inspector-general reviews, recusals, stakes, revolving
// doors), labelled by GUIDELINES.md before the rules were run on them
// (untuned: on-topic F1 0.782, macro-F1 0.521; 0.940 / 0.914 after the
// second rules round). The floor catches a rule
// change that loses a phrasing; the misses left are listed in the note of
// issue 9.
func TestPhrasings(t *testing.T) {
	checkFloors(t, "phrasings", "phrasings.jsonl", 50, 0.92, 0.89)
}

// TestPhrasings2 scores testdata/phrasings2.jsonl: 64 short news items
// written in the third rules round of issue 9, labelled before the rules
// were run on them: varied wordings of bids (out to tender, gone to market,
// pitching for, later stages), protests (asking a court to review or block,
// rivals that challenge), allegations (officials' links, gifts, suspensions
// amid allegations, inquiries into how a supplier was chosen), stories whose
// cloud wording is only in the body, and explainers, forecasts and
// non-bidders' lawsuits that are not the topic or not a protest (untuned:
// on-topic F1 0.868, macro-F1 0.598; 0.956 / 0.933 after the third
// round). The rules were then written for the field with this set in view,
// so it is a regression floor, not a held-out estimate.
func TestPhrasings2(t *testing.T) {
	checkFloors(t, "phrasings2", "phrasings2.jsonl", 60, 0.95, 0.90)
}
