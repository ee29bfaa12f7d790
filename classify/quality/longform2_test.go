package quality

import "testing"

// TestLongform2 scores testdata/longform2.jsonl: 24 long news articles
// (1,500 to 2,300 characters, 7 to 9 paragraphs, four of them with single
// newlines between paragraphs) written in session 7 of issue 9, separately
// from longform1 (different stories, outlets and wording), in the styles of
// real coverage: wire reports, trade-press analysis, a county board release,
// legislative and committee hearing reports, an inspector general and an
// Auditor-General report, an opinion column, a feature, a Q&A explainer, a
// weekly round-up, earnings, an outage, a privacy lawsuit, a hiring story
// and a policy rule. Buyers: US Navy, Space Force, State Department, Census,
// CMS, NGA, Air Force, a county, a state legislature; HMRC, the Scottish
// Government, Ireland's OGP, Consip, KOMBIT, Australian Defence and the ATO,
// New Zealand, the CRA, Singapore, South Korea, Brazil and Spain's tax
// agency. They were written and labelled by GUIDELINES.md, and the data file
// was committed, before any rule was run on them. Untuned, against main
// 183f2e5 (rules rs-c887107acfc4): on-topic F1 0.800, macro-F1 0.856 (award
// 0.786, bid 0.923, protest 0.714, allegation 1.000); the 19 errors and
// their diagnoses are in /work/notes/s7/issue-9-longform2.md. The floors
// sit a little under the untuned score, so a rule change that loses a
// long-form decision shows up here.
func TestLongform2(t *testing.T) {
	checkFloors(t, "longform2", "longform2.jsonl", 24, 0.78, 0.83)
}
