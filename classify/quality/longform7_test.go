package quality

import "testing"

// TestLongform7 scores testdata/longform7.jsonl: 30 long news articles
// (1,100 to 1,410 characters, 5 to 7 paragraphs, five of them with single
// newlines between paragraphs and five repeating the title on the first
// line), 20 on topic and 10 off, written by the longform7 helper in session 7
// of issue 9 as another honest estimate on articles nobody tuned on:
// different stories, outlets and wording from longform1-6 and phrasings6-8.
// Styles: wire, trade press, a weekly round-up, a city council agenda, an
// opinion column, a feature, a Q&A, an earnings call, audit and watchdog
// reports, and hard negatives (a bank's cloud deal, an Army tablet contract,
// a sovereign-cloud policy paper, an outage, a breach, earnings without a
// contract, a spending forecast, a workforce story, a privacy lawsuit, a
// state police body camera contract). Buyers: the Navy, VA, GSA, the Army,
// DISA (JWCC), the CIA (C2E), the NSA (WildandStormy), JEDI, a US state,
// San Antonio and Portland; the Home Office (G-Cloud 14), the European
// Commission, Germany's federal procurement office; Australia's DTA, New
// Zealand, Japan's Digital Agency, Shared Services Canada, Israel (Nimbus),
// Qatar, Kenya's ICT Authority and Brazil. They were written and labelled by
// GUIDELINES.md, and the data file was committed (96db63e), before any rule
// was run on them; do not tune rules on them. Untuned, against main 89a5852
// (rules rs-e730c52da870): on-topic F1 0.976, macro-F1 0.911 (award 0.966,
// bid 0.929, protest 1.000, allegation 0.750); the session-start binary
// (rules rs-bbd2180eb14a) scores
// 0.976 / 0.902. The 6 errors and their diagnoses are in
// /work/notes/s7/issue-9-longform7.md. The floors sit 0.05 under the untuned
// score, so a rule change that loses a long-form decision shows up here.
func TestLongform7(t *testing.T) {
	checkFloors(t, "longform7", "longform7.jsonl", 30, 0.92, 0.86)
}
