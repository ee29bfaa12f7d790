package classify

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/govwire/govwire"
)

// stdJSON is the line encoding/json writes for v, as ClassifyStream's
// encoder is set up (no HTML escaping), without the newline.
func stdJSON(t testing.TB, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// checkOutput asserts that appendOutput writes exactly what encoding/json
// writes for o, and that it decodes back to o.
func checkOutput(t testing.TB, o Output) {
	got, ok := appendOutput(nil, &o)
	if !ok {
		t.Fatalf("appendOutput refused %+v", o)
	}
	if want := stdJSON(t, o); !bytes.Equal(got, want) {
		t.Fatalf("appendOutput:\n got %s\nwant %s", got, want)
	}
	var back Output
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatalf("round trip: %v", err)
	}
}

func TestAppendOutput(t *testing.T) {
	awkward := "a\"b\\c\n\r\t\b\f\x00\x1f\x7f<>&\u2028\u2029 é ☃ \xff\xfe end"
	cases := map[string]Output{
		"empty": {},
		"nils":  {ID: "x", Classification: govwire.Classification{Ruleset: "r"}},
		"awkward": {ID: awkward, Classification: govwire.Classification{
			OnTopic: true, Labels: []string{awkward, "bid"}, Ruleset: awkward,
			Scores: map[string]float64{"on_topic": 1.5, "bid": 0, "award": -2.25, awkward: 1e-7, "z": 1e21, "y": 123456789.125, "w": 5e-324},
			Entities: []govwire.Entity{{Type: "money", Text: awkward, Value: "USD 1e+21", Amount: 1e21, Field: "text", Start: 1, End: 9},
				{Type: "agency", Text: "DoD", Value: "dod", Field: "title"}, {Amount: -0.000001}, {Amount: 12.5e9}},
			Evidence: []govwire.Evidence{{Rule: "r1", Label: "bid", Field: "text", Start: 3, End: 4, Text: awkward}, {}},
		}},
	}
	for name, o := range cases {
		t.Run(name, func(t *testing.T) { checkOutput(t, o) })
	}
	for _, f := range []float64{math.NaN(), math.Inf(1)} {
		o := Output{Classification: govwire.Classification{Scores: map[string]float64{"x": f}}}
		if _, ok := appendOutput(nil, &o); ok {
			t.Errorf("score %v: want a refusal", f)
		}
	}
}

// TestAppendOutputEngine compares the two encoders on the engine's own
// output for every written case.
func TestAppendOutputEngine(t *testing.T) {
	f, err := os.Open("testdata/cases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := readCases(f)
	if err != nil {
		t.Fatal(err)
	}
	e, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range cases {
		checkOutput(t, Output{ID: g.ID, Classification: e.Classify(g.Document())})
	}
}

// FuzzAppendOutput compares the two encoders on arbitrary strings and
// numbers.
func FuzzAppendOutput(f *testing.F) {
	f.Add("id", "text \u2028 \xff", 1.5, 3)
	f.Fuzz(func(t *testing.T, s, u string, x float64, n int) {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return
		}
		o := Output{ID: s, Classification: govwire.Classification{
			Labels: []string{u}, Scores: map[string]float64{s: x, u: -x}, Ruleset: u,
			Entities: []govwire.Entity{{Type: s, Text: u, Value: s, Amount: x, Field: u, Start: n, End: -n}},
			Evidence: []govwire.Evidence{{Rule: u, Label: s, Field: u, Start: n, End: n + 1, Text: s}},
		}}
		checkOutput(t, o)
	})
}
