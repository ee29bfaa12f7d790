package quality

import "testing"

// TestLongform3 scores testdata/longform3.jsonl: 24 long news articles
// (1,700 to 2,400 characters, 7 to 8 paragraphs, four of them with single
// newlines between paragraphs) written in session 7 of issue 9, separately
// from longform1 and longform2 (different stories, outlets, buyers and
// wording), in the styles of real coverage: wire reports, trade-press
// analysis, an agency press release, a city council agenda summary, a state
// legislative oversight report, an auditor's report summary, a court report,
// an inspector general report, an opinion column, a feature, a weekly
// round-up, earnings, an outage, a data breach, a hiring story, a privacy
// lawsuit, two strategy papers, a commercial deal and a hardware contract
// that names JWCC. Buyers: Treasury's Fiscal Service, the Coast Guard,
// Education (FSA), SBA, DIA, a city council, a state IT office; Australia's
// Home Affairs, Quebec, the European Commission, Finland's Valtori, Norway's
// NAV, Abu Dhabi, UK police forces, Greece, Chile, Portugal, Japan, Austria,
// Sweden, Israel and South Korea. They were written and labelled by
// GUIDELINES.md, and the data file was committed (0ac191e), before any rule
// was run on them. Untuned, against main 0ac191e (rules rs-c887107acfc4):
// on-topic F1 0.875, macro-F1 0.808 (award 0.903, bid 0.800, protest 0.727,
// allegation 0.800); the 16 errors and their diagnoses are in
// /work/notes/s7/issue-9-longform3.md. The floors sit 0.05 under the
// untuned score (rounded down), so a rule change that loses a long-form
// decision shows up here.
func TestLongform3(t *testing.T) {
	checkFloors(t, "longform3", "longform3.jsonl", 24, 0.82, 0.75)
}
