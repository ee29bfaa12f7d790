package classify

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"
)

// TestClassifyStream runs the JSON Lines loop: good lines are classified,
// bad ones get an error line with id and line number, the rest go on.
func TestClassifyStream(t *testing.T) {
	e, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	in := strings.Join([]string{
		`{"id":"a","title":"Army awards cloud contract","text":"The Army awarded a cloud hosting contract to a provider.","published":"2024-03-01"}`,
		`{"id":"b","title":"oops",`,
		``,
		`{"title":"no id"}`,
		`{"id":"c","title":"Weather","text":"Cloudy skies all week.","published":"~2019"}`,
	}, "\n")
	var out bytes.Buffer
	bad, err := ClassifyStream(context.Background(), e, strings.NewReader(in), &out)
	if err != nil {
		t.Fatal(err)
	}
	if bad != 2 {
		t.Errorf("bad = %d, want 2", bad)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("got %d output lines, want 4:\n%s", len(lines), out.String())
	}
	var a Output
	if err := json.Unmarshal([]byte(lines[0]), &a); err != nil {
		t.Fatal(err)
	}
	if a.ID != "a" || !a.OnTopic || !a.HasLabel("award") || a.Ruleset != e.Ruleset() || len(a.Evidence) == 0 {
		t.Errorf("line 1: %+v", a)
	}
	var le LineError
	if err := json.Unmarshal([]byte(lines[1]), &le); err != nil || le.Line != 2 || le.Error == "" {
		t.Errorf("line 2: %s (%v)", lines[1], err)
	}
	if err := json.Unmarshal([]byte(lines[2]), &le); err != nil || le.Line != 4 || le.Error != "missing id" {
		t.Errorf("line 4: %s", lines[2])
	}
	var c Output
	if err := json.Unmarshal([]byte(lines[3]), &c); err != nil || c.ID != "c" || c.OnTopic || len(c.Labels) != 0 {
		t.Errorf("line 5: %s", lines[3])
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ClassifyStream(ctx, e, strings.NewReader(strings.Repeat(`{"id":"x"}`+"\n", 600)), &out); err == nil {
		t.Error("cancelled context: want an error")
	}
}

// TestConcurrentClassify classifies the same documents from several
// goroutines and expects the sequential answers (run with -race).
func TestConcurrentClassify(t *testing.T) {
	e, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/cases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := readCases(f)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]string, len(cases))
	for i, c := range cases {
		b, _ := json.Marshal(e.Classify(c.Document()))
		want[i] = string(b)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, c := range cases {
				if b, _ := json.Marshal(e.Classify(c.Document())); string(b) != want[i] {
					errs <- c.ID
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for id := range errs {
		t.Errorf("%s: concurrent result differs from sequential", id)
	}
}
