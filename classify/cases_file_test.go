package classify

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"testing"

	"github.com/govwire/govwire"
)

// testCase is one labelled document of a testdata/*.jsonl file, read as
// the classify command reads its input, with the labels it should get.
type testCase struct {
	input
	OnTopic bool     `json:"on_topic"`
	Labels  []string `json:"labels"`
}

// Document returns the case as classifier input.
func (c testCase) Document() govwire.Document { return c.document() }

// readCases reads a JSON Lines file of test cases; package quality reads
// gold files properly, this is the engine tests' own small reader.
func readCases(r io.Reader) ([]testCase, error) {
	var out []testCase
	dec := json.NewDecoder(r)
	for n := 1; dec.More(); n++ {
		var c testCase
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("case %d: %w", n, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// devSet is the real labelled development set, outside the repository
// (package quality scores the rules on it; the engine benchmarks read it
// for its real density of rule terms).
const devSet = "../../shared/eval/dev.jsonl"

// readDev reads the dev set, or skips tb when it is absent.
func readDev(tb testing.TB) []testCase {
	tb.Helper()
	f, err := os.Open(devSet)
	if errors.Is(err, fs.ErrNotExist) {
		tb.Skipf("%s not present; skipping what needs the dev set", devSet)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	cases, err := readCases(f)
	if err != nil {
		tb.Fatalf("%s: %v", devSet, err)
	}
	return cases
}
