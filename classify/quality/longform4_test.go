package quality

import "testing"

// TestLongform4 scores testdata/longform4.jsonl: 30 long news articles
// (1,500 to 2,200 characters, 7 to 8 paragraphs after the title line, five
// of them with single newlines between paragraphs), 20 on topic and 10 off,
// written in session 7 of issue 9 as the final honest estimate of how the
// rules do on articles nobody tuned on: different stories, outlets and
// wording from longform1-3. Styles: wire, trade press, a trust press release,
// a county agenda summary, an opinion column, features, an explainer, a
// weekly round-up, earnings (one with a government win, one without), an
// outage, a breach, a market report, a workforce story, a policy paper and a
// privacy lawsuit. Buyers: Army, DHS, VA, DOT, NASA, CIA and NSA, GSA, Texas,
// a county, a school district and a city; CCS, an NHS trust, police forces;
// Switzerland, Germany's Federal Employment Agency, Israel, Japan, India,
// Canada, Australia, New Zealand and Singapore. They were written and
// labelled by GUIDELINES.md, and the data file was committed, before any
// rule was run on them. Untuned, against main 0527884 (rules
// rs-b89033a6c859): on-topic F1 0.947, macro-F1 0.868 (award 0.897, bid
// 0.867, protest 0.909, allegation 0.800); the session-start rules score it
// 0.927 / 0.863. The lead then wrote general rules for its errors (explainer
// titles over a programme's award, beating named rivals, audits of spending,
// 'set up outside', 'can be signed', 'cloud-hosted'): 1.000 / 1.000, so it
// is tuned on now and the untuned estimate moved to longform5. The floors
// stay 0.05 under the untuned score.
func TestLongform4(t *testing.T) {
	checkFloors(t, "longform4", "longform4.jsonl", 30, 0.89, 0.81)
}
