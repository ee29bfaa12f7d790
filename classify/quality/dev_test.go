package quality

import (
	"errors"
	"io/fs"
	"os"
	"testing"

	"github.com/govwire/govwire/classify"
)

// devGold is the labelled development set, outside the repository.
const devGold = "../../../shared/eval/dev.jsonl"

func readDev(t testing.TB) []GoldItem {
	t.Helper()
	f, err := os.Open(devGold)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("gold file %s not present; skipping the dev-set evaluation", devGold)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gold, err := ReadGold(f)
	if err != nil {
		t.Fatal(err)
	}
	return gold
}

// TestDevTargets holds the built-in rules to the targets on the dev set:
// on-topic F1 >= 0.97 and macro-F1 over the four labels >= 0.93.
func TestDevTargets(t *testing.T) {
	gold := readDev(t)
	e, err := classify.Load("")
	if err != nil {
		t.Fatal(err)
	}
	rep := Evaluate(e, gold)
	if testing.Verbose() {
		WriteReport(os.Stdout, rep, 0)
	}
	if rep.OnTopic.F1 < 0.97 {
		t.Errorf("on-topic F1 = %.3f, want >= 0.97", rep.OnTopic.F1)
	}
	if rep.MacroF1 < 0.93 {
		t.Errorf("macro-F1 = %.3f, want >= 0.93", rep.MacroF1)
	}
}
