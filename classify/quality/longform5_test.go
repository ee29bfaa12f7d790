package quality

import "testing"

// TestLongform5 scores testdata/longform5.jsonl: 30 long news articles
// (1,200 to 1,930 characters, 6 to 8 paragraphs after the title line, five
// of them with single newlines between paragraphs), 20 on topic and 10 off,
// written by the longform5 helper in session 7 of issue 9 as the final
// honest estimate of how the rules do on articles nobody tuned on:
// different stories, outlets and wording from longform1-4 and phrasings6-8.
// Styles: wire, trade press, a vendor's results release naming a state win,
// a county board agenda, an opinion column, a feature, two explainers, a
// weekly round-up, legal and audit reports, and hard negatives (a bank's
// cloud deal, an Army radio contract and a voting-machine contract, a
// policy paper, an outage, a breach, earnings without a contract, a market
// forecast, a workforce story, a privacy lawsuit). Buyers: Air Force, DHS,
// VA, NASA, Navy, DOE, DISA, Ohio, Georgia, Texas and a county; CCS and an
// NHS trust; the European Commission and Germany's ITZBund; Australia's Home
// Affairs, Shared Services Canada, Kerala, Japan's Digital Agency, Israel
// (Nimbus), Colombia and Kenya. They were written and labelled by
// GUIDELINES.md, and the data file was committed, before any rule was run on
// them. Untuned, against main a696fbe (rules rs-b89033a6c859): on-topic F1
// 0.919, macro-F1 0.915 (award 0.897, bid 0.875, protest 1.000, allegation
// 0.889); the session-start rules (8d167be) score the same. The lead then
// wrote general rules for five of its errors (0.974 / 0.969), so it is tuned
// on now; the untuned estimate moved to longform6. The floors stay 0.05
// under the untuned score.
func TestLongform5(t *testing.T) {
	checkFloors(t, "longform5", "longform5.jsonl", 30, 0.86, 0.86)
}
