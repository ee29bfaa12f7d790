package quality

import "testing"

// TestPhrasings7 scores testdata/phrasings7.jsonl: 47 news items of two to
// four sentences written in session 7 of issue 9 by the allegation and
// protest helper, labelled by GUIDELINES.md before any rule was changed:
// claims, questions and denials that an official, a politician or a company
// influenced, swayed, tipped, tilted, meddled or intervened in a decision,
// undue influence named by its adverb ("unduly", "improperly", "unfairly"),
// political pressure on a decision, a losing bidder's legal complaint, suit
// or unsealed filing reported in general words, and hard negatives (political
// pressure for a policy, lobbying for a law, a privacy group's lawsuit, an
// employment complaint, a decision that will influence a market, price that
// influenced a decision, union and staff protests, residents' objections, a
// claim explicitly not made). Untuned (main at 8d167be): on-topic F1 0.956,
// macro-F1 0.787 (allegation F1 0.486, protest 0.818); 0.956 / 0.983 after
// session 7's allegation, protest, bid and award rules, written with it in
// view, so it is a regression floor, not an estimate.
func TestPhrasings7(t *testing.T) {
	checkFloors(t, "phrasings7", "phrasings7.jsonl", 45, 0.94, 0.95)
}
