package classify

import (
	"bytes"
	"context"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGoldenOutput pins the full JSON Lines output (labels, scores,
// evidence offsets, entities, rule-set hash) for our written cases, and
// checks that two runs give byte-identical output. Run with -update after
// an intended rule change, and read the diff.
func TestGoldenOutput(t *testing.T) {
	e, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.ReadFile("testdata/cases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	run := func() []byte {
		var out bytes.Buffer
		if bad, err := ClassifyStream(context.Background(), e, bytes.NewReader(in), &out); err != nil || bad != 0 {
			t.Fatalf("bad=%d err=%v", bad, err)
		}
		return out.Bytes()
	}
	got := run()
	if again := run(); !bytes.Equal(got, again) {
		t.Fatal("two runs differ: output is not deterministic")
	}
	const golden = "testdata/cases.golden.jsonl"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestGoldenOutput -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s; rerun with -update if the change is intended", golden)
	}
}
