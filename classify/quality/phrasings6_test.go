package quality

import "testing"

// TestPhrasings6 scores testdata/phrasings6.jsonl: 54 news items of two to
// four sentences written in session 7 of issue 9 (helper bidaward) and
// labelled by GUIDELINES.md before any rule was run on them, aimed at the
// bid and award evidence that real coverage words without the usual terms:
// a buyer looking, searching, shopping or on the hunt for a contractor,
// vendor, provider or partner; notices on contracting portals and official
// journals that invite, urge or call on vendors to respond; bidders
// eliminated, disqualified, ruled or screened out, failing gate or
// eligibility criteria; vendors fighting, battling, jostling or competing
// with each other for a contract; a buyer's contract with a vendor stated
// with its value, "ink", "under the seven-year deal". Hard negatives: plans
// to look for a contractor later, hiring and investors, explainers,
// performance failures, future exclusion rules, a vendor that will not bid,
// market battles, political fights over funding, a football contract, and
// contracts only proposed, negotiated, voted down, expiring, promised or
// expected. Untuned (rules rs-bbd2180eb14a): on-topic F1 0.899, macro-F1
// 0.680 (bid F1 0.524, award 0.625). The rules were then written with it
// in view, so it is a regression floor, not an estimate; its on-topic
// misses belong to the topic rules.
func TestPhrasings6(t *testing.T) {
	checkFloors(t, "phrasings6", "phrasings6.jsonl", 50, 0.88, 0.82)
}
