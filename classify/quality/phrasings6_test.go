package quality

import "testing"

// TestPhrasings6 scores testdata/phrasings6.jsonl: news items of two to
// four sentences written in session 7 of issue 9 (helper bidaward) and
// labelled by GUIDELINES.md before any rule was run on them, aimed at the
// bid and award evidence that real coverage words without the usual terms:
// a buyer looking, searching, scouting or on the hunt for a contractor,
// vendor, provider or partner; notices and postings on contracting portals
// and official journals that invite, urge or call on vendors to respond;
// bidders eliminated, disqualified, ruled or screened out, failing gate or
// eligibility criteria; vendors fighting, battling, jostling or competing
// with each other for a contract, a two-horse race; a buyer's contract with
// a vendor stated with its value, "ink", "put pen to paper", "agreed a
// deal", "under the seven-year deal". Hard negatives: plans to look for a
// contractor later, hiring and investors, explainers, performance failures,
// future exclusion rules, a vendor that will not bid, market battles,
// political and legal fights, a football contract, and contracts only
// proposed, negotiated, voted down, expiring, promised or hoped for.
// Items b01-b54 were written before any rule change: untuned (rules
// rs-bbd2180eb14a) on-topic F1 0.899, macro-F1 0.680 (bid F1 0.524, award
// 0.625). Items b55-b78 were written after the first rules (landed in
// bc1221d) and scored before the second: on-topic 0.850, macro-F1 0.710
// (bid 0.588, award 0.250), the honest estimate of how far those rules
// carried to new wordings. Items b79-b102, mostly hard negatives for the
// new rules' words (a single-award strategy, "looking for ways", expired and
// negotiated contracts, states competing for a data centre, a notice asking
// vendors to stop contacting staff, a future square-off, a political
// battle), were written after the third rules and scored before the fourth:
// on-topic 0.828, macro-F1 0.875 (bid precision 0.600). Items b103-b126,
// the field's general bid and award wordings in several countries (bridge
// contracts, preferred bidder and standstill, framework appointments, lots,
// letters of award and L1, standing offers, on-ramps, direct awards, draft
// solicitations, deadlines extended; teaming pacts, modifications,
// novations, subcontracts and planned tenders as negatives), were scored
// before the fifth rules: on-topic 0.933, macro-F1 0.922. Items b127-b134,
// longer stories that mix the new rules' words with traps (a contract that
// runs until 2029, vendors fighting for market share, a tender a council
// may run next year, firms jostling ahead of an expected call), were scored
// before the sixth: 0.933 / 0.638 (bid precision 0.600), after: 0.933 /
// 0.722 (what is left: a protest only in question, an opinion title). All
// 129 after the sixth rules: 0.920 / 0.927. Items b135-b150, written as a
// last estimate of the rules at 03:37 (new wordings of the same phenomena:
// "wants an outside firm", "called for providers", "thrown out of the
// tender", "slugging it out", "racing to win", "signed up Microsoft to
// host", "after a two-year hunt for a new host"; negatives: weighing
// whether to look, bracing for a fight, a deal that fell through, a future
// ban on bidders, a recompete not yet released), scored before the last
// rules: on-topic 0.897, macro-F1 0.881 (bid F1 0.667, award 0.857); after:
// 0.897 / 0.933. All 145 after the last rules: 0.950 / 0.938 (on-topic
// helped by the topic rules of the same session). The rules were then
// written with it in view, so it is a regression floor, not an estimate;
// most of its remaining misses are on-topic misses of the topic rules.
func TestPhrasings6(t *testing.T) {
	checkFloors(t, "phrasings6", "phrasings6.jsonl", 140, 0.92, 0.91)
}
