package quality

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/govwire/govwire/classify"
)

// sharedEval is where the real labelled dev sets live, outside the
// repository (their texts must not be copied into it).
const sharedEval = "../../../shared/eval"

// Floors the built-in rules must hold on the real dev sets. Each is set a
// little below what the rules scored when it was last raised (dev 1.000 /
// 0.961, dev2 0.899 / 0.840 after issue 9, 0.959 / 0.870 after its second
// rules round, 0.959 / 0.897 after the third; dev fell from 0.995 when terms
// fitted to single dev items were removed); whoever improves the rules
// raises them, so a later change cannot quietly give the gain back. Until
// session 7 the dev2 floors were raised only as far as the dev2 check half
// (the odd positions by id, never tuned on) held: 0.944 / 0.856. Session 7
// spent the check half (its errors were read and general rules written for
// them), so dev2 is now a tuning set like dev: dev 1.000 / 0.967 and dev2
// 1.000 / 0.994 at the end of session 7. The honest estimates are the
// written sets scored before any rule was run on them (classify/testdata
// longform*.jsonl, see docs/BENCHMARKS.md) and the held-out real sets.
const (
	devOnTopicFloor  = 0.98
	devMacroFloor    = 0.95
	dev2OnTopicFloor = 0.98
	dev2MacroFloor   = 0.97
)

// readShared reads a gold file of ../shared/eval, or skips t when it is
// absent (a checkout without the shared sets).
func readShared(t testing.TB, name string) []GoldItem {
	t.Helper()
	path := filepath.Join(sharedEval, name)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("gold file %s not present (the shared eval sets live outside the repository); skipping", path)
	}
	return readGoldFile(t, path)
}

// readGoldFile reads a gold file or fails t.
func readGoldFile(t testing.TB, path string) []GoldItem {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gold, err := ReadGold(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return gold
}

// TestDevFloors holds the built-in rules to the floors on dev.jsonl (the
// set they were first tuned on) and dev2.jsonl (real excerpts of other
// outlets and governments), and logs the scores.
func TestDevFloors(t *testing.T) {
	e, err := classify.Load("")
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range []struct {
		file           string
		onTopic, macro float64
	}{
		{"dev.jsonl", devOnTopicFloor, devMacroFloor},
		{"dev2.jsonl", dev2OnTopicFloor, dev2MacroFloor},
	} {
		t.Run(set.file, func(t *testing.T) {
			rep := Evaluate(e, readShared(t, set.file))
			t.Logf("%s: %d items, on-topic F1 %.3f, macro-F1 %.3f", set.file, rep.Items, rep.OnTopic.F1, rep.MacroF1)
			if testing.Verbose() {
				WriteReport(os.Stdout, rep, 0)
			}
			if rep.OnTopic.F1 < set.onTopic {
				t.Errorf("%s on-topic F1 = %.3f, want >= %.2f", set.file, rep.OnTopic.F1, set.onTopic)
			}
			if rep.MacroF1 < set.macro {
				t.Errorf("%s macro-F1 = %.3f, want >= %.2f", set.file, rep.MacroF1, set.macro)
			}
		})
	}
}
