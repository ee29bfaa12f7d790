package classify

import (
	"os"
	"slices"
	"testing"
)

// TestWrittenCases classifies our own example articles (testdata/cases.jsonl),
// written to the labelling guidelines, hard negatives included: future
// events, "in a bid to", staff protests, evaluation errors, memoranda of
// understanding, non-cloud contracts, outages, weather.
func TestWrittenCases(t *testing.T) {
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
	for _, c := range cases {
		t.Run(c.ID, func(t *testing.T) {
			got, hits := e.Explain(c.Document())
			want := append([]string{}, c.Labels...)
			slices.Sort(want)
			if got.OnTopic != c.OnTopic || !slices.Equal(got.Labels, want) {
				t.Errorf("%q: got on_topic=%v labels=%v, want on_topic=%v labels=%v", c.Title, got.OnTopic, got.Labels, c.OnTopic, want)
				for _, h := range hits {
					for _, ev := range h.Evidence {
						t.Logf("  %s (%.2f): %q", h.Rule, h.Score, ev.Text)
					}
				}
			}
		})
	}
}
