package quality

import "testing"

// TestLongform6 scores testdata/longform6.jsonl: 30 long news articles
// (1,200 to 1,550 characters, 6 to 9 paragraphs after the title line, five
// of them with single newlines between paragraphs), 20 on topic and 10 off,
// written by the longform6 helper in session 7 of issue 9 as a final honest
// estimate of how the rules do on articles nobody tuned on: different
// stories, outlets and wording from longform1-5 and phrasings6-8. Styles:
// wire, trade press, a weekly round-up, a county council agenda, a school
// district and a supplier press release, an agency media release, an
// opinion column, a feature, a Q&A, legal, audit and earnings-call reports,
// and hard negatives (an airline's cloud deal, a Coast Guard radar contract,
// a research agency's supercomputer, a policy interview, an outage, a
// breach, earnings without a contract, a spending forecast, a workforce
// story, a privacy lawsuit). Buyers: Education, NOAA, Labor, the Navy
// (JWCC), BLM/Interior, Nebraska, Phoenix, King County and a Texas school
// district; G-Cloud, Ireland's OGP, Denmark's Statens IT, Sweden's
// Forsakringskassan; the ATO, New Zealand's DIA, CBSA/PSPC, Maharashtra,
// South Korea's NIRS, Israel (Nimbus), Abu Dhabi, a Brazilian ministry and
// South Africa's SITA. They were written and labelled by GUIDELINES.md, and
// the data file was committed (ec29a62), before any rule was run on them; do
// not tune rules on them. Untuned, against main 05a0e7c (rules
// rs-4b1f3c44741a): on-topic F1 0.952, macro-F1 0.947 (award 0.929, bid
// 0.971, protest 0.889, allegation 1.000); the session-start rules (8d167be)
// score 0.930 / 0.932. The 6 errors and their diagnoses are in
// /work/notes/s7/issue-9-longform6.md. The floors sit 0.05 under the untuned
// score, so a rule change that loses a long-form decision shows up here.
func TestLongform6(t *testing.T) {
	checkFloors(t, "longform6", "longform6.jsonl", 30, 0.90, 0.89)
}
