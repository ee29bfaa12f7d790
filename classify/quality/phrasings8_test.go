package quality

import "testing"

// TestPhrasings8 scores testdata/phrasings8.jsonl: 22 news items written in
// session 7 of issue 9, after the lead read the dev2 check half's topic
// errors and while writing the general rules for them, so it is a
// regression floor, not an estimate. It covers hosted office suites bought
// by councils, school districts and ministries (Microsoft 365, Google
// Workspace), purchases that waive or skip competitive bidding (no bid),
// government cloud policy and spending stories (off topic), and articles
// written one paragraph per line with no blank lines, where a deal named
// only at the end of a policy story must not count as the lead. Scores with
// main's rules before session 7 (rs-bbd2180eb14a): on-topic F1 0.583,
// macro-F1 0.750; after the lead's rules 0.929 / 0.909. Known misses: a
// policy paper whose last line names a state's cloud hosting contract (a
// buyer's cloud contract in one sentence counts fully anywhere, by design:
// topic.body-cloud-contract-buyer), a "hosted billing platform", and award
// on purchases decided without a competition.
func TestPhrasings8(t *testing.T) {
	checkFloors(t, "phrasings8", "phrasings8.jsonl", 20, 0.90, 0.86)
}
