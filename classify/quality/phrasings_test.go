package quality

import (
	"testing"

	"github.com/govwire/govwire/classify"
)

// TestPhrasings scores testdata/phrasings.jsonl: short sentences written
// for issue 9, one or two per phrasing the field uses (any public body as
// buyer, "entered into", task orders handed out, contract notices, High
// Court proceedings, inspector-general reviews, recusals, stakes, revolving
// doors), labelled by GUIDELINES.md before the rules were run on them
// (untuned: on-topic F1 0.782, macro-F1 0.521; 0.940 / 0.914 after the
// second rules round). The floor catches a rule
// change that loses a phrasing; the misses left are listed in the note of
// issue 9.
func TestPhrasings(t *testing.T) {
	e, err := classify.Load("")
	if err != nil {
		t.Fatal(err)
	}
	rep := evalGoldFile(t, e, "../testdata/phrasings.jsonl")
	if rep.Items < 50 {
		t.Errorf("phrasings.jsonl has %d items, want >= 50", rep.Items)
	}
	if rep.OnTopic.F1 < 0.92 {
		t.Errorf("phrasings on-topic F1 = %.3f, want >= 0.92", rep.OnTopic.F1)
	}
	if rep.MacroF1 < 0.89 {
		t.Errorf("phrasings macro-F1 = %.3f, want >= 0.89", rep.MacroF1)
	}
}
