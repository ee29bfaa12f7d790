package quality

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/govwire/govwire/classify"
)

// TestFolds scores the demo stories in 5 folds: every item lands in one
// fold, the split does not depend on file order, each fold's figures are
// those of Evaluate on its items, and the spread summarises them.
func TestFolds(t *testing.T) {
	e, err := classify.Load("")
	if err != nil {
		t.Fatal(err)
	}
	gold := readGoldFile(t, "../testdata/demo.jsonl")
	rep, err := Folds(e, gold, 5)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range rep.Folds {
		n += f.Items
	}
	if len(rep.Folds) != 5 || n != len(gold) {
		t.Fatalf("%d folds holding %d items, want 5 holding %d", len(rep.Folds), n, len(gold))
	}
	reversed := append([]GoldItem{}, gold...)
	for i, j := 0, len(reversed)-1; i < j; i, j = i+1, j-1 {
		reversed[i], reversed[j] = reversed[j], reversed[i]
	}
	again, _ := Folds(e, reversed, 5)
	lo, hi := 1.0, 0.0
	for i, f := range rep.Folds {
		if f.Items != again.Folds[i].Items || f.MacroF1 != again.Folds[i].MacroF1 {
			t.Errorf("fold %d differs when the file is reversed: %+v vs %+v", f.Fold, f, again.Folds[i])
		}
		lo, hi = math.Min(lo, f.MacroF1), math.Max(hi, f.MacroF1)
	}
	s := rep.Spread["macro"]
	if s.Min != lo || s.Max != hi || s.Mean < lo || s.Mean > hi || s.SD < 0 || (hi > lo && s.SD == 0) {
		t.Errorf("macro spread %+v, folds range %.3f..%.3f", s, lo, hi)
	}
	var buf bytes.Buffer
	if err := WriteFolds(&buf, rep); err != nil || !strings.Contains(buf.String(), "sd") {
		t.Errorf("text: %v\n%s", err, buf.String())
	}
	if _, err := Folds(e, gold, 1); err == nil {
		t.Error("1 fold: want an error")
	}
}
