package quality

import "testing"

// TestLongform1 scores testdata/longform1.jsonl: 24 long news articles
// (1,700 to 2,500 characters, 7 to 13 paragraphs, four of them with single
// newlines between paragraphs) written in session 7 of issue 9 in the
// styles of real coverage (wire reports, trade-press analysis, council
// releases, an opinion column, a feature, an explainer, earnings, outage
// and hiring stories) about US federal, state and city, UK, Canadian,
// German, Swiss, Israeli, Japanese, Indian, Dutch and Australian buyers.
// They were written and labelled by GUIDELINES.md before any rule was run
// on them: labels carried by background sentences, implied competition,
// framework places, task orders placed, tribunal, chamber and writ
// challenges, IG referrals and denied conflicts, and hard cases (planned
// awards, direct awards, negated protests, staff protests, design
// complaints, a commercial deal, a radio contract that names JEDI,
// earnings, a policy paper, an authorisation). Untuned (rules
// rs-f7293c4c0f44): on-topic F1 0.970, macro-F1 0.816; the errors and their
// diagnoses are in the session 7 note of issue 9 (longform). The floors sit
// a little under the untuned score, so a rule change that loses a long-form
// decision shows up here.
func TestLongform1(t *testing.T) {
	checkFloors(t, "longform1", "longform1.jsonl", 24, 0.95, 0.80)
}
