package quality

import "testing"

// TestPhrasings scores testdata/phrasings.jsonl: short sentences written
// for issue 9, one or two per phrasing the field uses (any public body as
// buyer, "entered into", task orders handed out, contract notices, High
// Court proceedings, inspector-general reviews, recusals, stakes, revolving
// doors), labelled by GUIDELINES.md before the rules were run on them
// (untuned: on-topic F1 0.782, macro-F1 0.521; 0.940 / 0.914 after the
// second rules round, 0.990 / 0.989 after the fourth). The floor catches a rule
// change that loses a phrasing; the misses left are listed in the note of
// issue 9.
func TestPhrasings(t *testing.T) {
	checkFloors(t, "phrasings", "phrasings.jsonl", 50, 0.97, 0.96)
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
// round, 0.982 / 0.957 after the fourth). The rules were then written for the field with this set in view,
// so it is a regression floor, not a held-out estimate.
func TestPhrasings2(t *testing.T) {
	checkFloors(t, "phrasings2", "phrasings2.jsonl", 60, 0.97, 0.94)
}

// TestPhrasings3 scores testdata/phrasings3.jsonl: 88 short news items
// written in the fourth rules round of issue 9 and labelled by
// GUIDELINES.md before any rule was run on them: the field's wording in US
// federal, state and city, UK, EU, Canadian, Australian, Indian and Japanese
// coverage (draft RFPs, sources-sought notices, invitations to qualify,
// approaching the market, shortlists and down-selects; task orders, BPAs,
// OTAs, IDIQ places, framework places and call-offs, renewals and follow-ons;
// GAO, Court of Federal Claims, High Court, trade tribunal and procurement
// chamber challenges, corrective action; inspector-general and auditor
// findings, stakes, revolving doors, lobbying, kickbacks, False Claims Act
// cases, bid-rigging), evidence split across sentences, and hard negatives
// (consumer cloud, weather, a bank's deal, a cloud-first policy, earnings, an
// outage, explainers, a security authorisation, denied and weighed events).
// Untuned (rules of round 3, rs-37b9111441ce): on-topic F1 0.891, macro-F1
// 0.786, the honest estimate for fresh news in that round; 1.000 / 0.993
// after it. The rules were then written with it in view, so it is a
// regression floor, not an estimate.
func TestPhrasings3(t *testing.T) {
	checkFloors(t, "phrasings3", "phrasings3.jsonl", 80, 0.98, 0.97)
}

// TestPhrasings4 scores testdata/phrasings4.jsonl: 116 news items of two
// to three sentences written in session 5 of issue 9 and labelled by
// GUIDELINES.md before any rule was run on them: bids (final and draft
// RFPs, RFQs to schedule holders, sources sought, ITTs, EU calls for
// tenders, approaches to market, Indian tenders floated, Japanese public
// calls, shortlists, competitive dialogue, exclusions, offers submitted,
// recompetes, bake-offs), awards (task orders, BPAs, IDIQ and framework
// places, call-offs, tapped/landed/handed/inked/secured, extensions,
// options exercised, preferred bidders, sole-source awards, vendors missing
// from the gazetteer), protests (GAO, COFC, High Court claims with automatic
// suspension, standstill challenges, CITT, Indian High Courts, procurement
// and appeals chambers, vows to contest, corrective action), allegations (IG
// reviews, stakes, revolving doors, steering to donors, bid rigging,
// kickbacks, whistleblowers, False Claims Act, Procurement Integrity Act,
// lobbying, cronyism, ethics boards) and hard negatives (consumer cloud,
// weather and cloud seeding, earnings, a bank's deal, outages, policies,
// forecasts, a conference, hardware and non-cloud task orders, denied and
// future events, staff protests). Untuned (rules rs-166921da3b27): on-topic
// F1 0.953, macro-F1 0.887; 0.990 / 0.980 after session 5's rules round. The
// rules were then written with it in view, so it is a regression floor,
// not an estimate.
func TestPhrasings4(t *testing.T) {
	checkFloors(t, "phrasings4", "phrasings4.jsonl", 110, 0.98, 0.97)
}

// TestPhrasings5 scores testdata/phrasings5.jsonl: 115 news items of two
// to four sentences written in session 6 of issue 9 and labelled by
// GUIDELINES.md before any rule was run on them, aimed at the evidence long
// real articles use: competition that is only implied (offers received from
// several companies, an incumbent beaten or defending the work, rivals that
// also bid, proposals to be re-evaluated, offers scored or compared), a
// buyer named in one sentence and the contract in the next, labels carried
// across sentences, allegations by relatives, seats on the evaluation
// panel, paid trips and party donors, and the false alarms real coverage
// produces (earnings and markets stories, commercial cloud deals, opinion
// pieces, product launches, trade shows, outages, staff protests).
// Untuned (rules rs-5c1504ea7583): on-topic F1 0.963, macro-F1 0.846;
// 0.989 / 0.975 after session 6's rules. The rules were then written with
// it in view, so it is a regression floor, not an estimate.
func TestPhrasings5(t *testing.T) {
	checkFloors(t, "phrasings5", "phrasings5.jsonl", 110, 0.98, 0.96)
}
