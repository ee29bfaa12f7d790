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

// TestEvaluateAndDiff scores a small gold set and compares two rule sets.
func TestEvaluateAndDiff(t *testing.T) {
	gold, err := ReadGold(strings.NewReader(`{"id":"1","title":"Navy awards cloud deal","text":"The Navy awarded a cloud computing contract to a vendor.","on_topic":true,"labels":["award"]}
{"id":"2","title":"Cloudy","text":"Rain and clouds.","on_topic":false,"labels":[]}
`))
	if err != nil {
		t.Fatal(err)
	}
	base, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	rep := Evaluate(base, gold)
	if rep.OnTopic.F1 != 1 || rep.Labels["award"].TP != 1 || rep.ExactMatch != 1 || len(rep.Errors) != 0 {
		t.Errorf("report: on_topic %+v award %+v exact %v errors %v", rep.OnTopic, rep.Labels["award"], rep.ExactMatch, rep.Errors)
	}
	var awarded *RuleStat
	for i := range rep.Rules {
		if rep.Rules[i].Rule == "award.awarded" {
			awarded = &rep.Rules[i]
		}
	}
	if awarded == nil || awarded.Fired != 1 || awarded.Precision != 1 || awarded.Coverage != 0.5 {
		t.Errorf("award.awarded stats: %+v", awarded)
	}
	dir := copyRules(t)
	writeAtomicT(t, dir+"/award.yaml", strings.Replace(readT(t, dir+"/award.yaml"), "status: stable", "status: deprecated", 1))
	next, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	nrep := Evaluate(next, gold)
	changes := Diff(rep, nrep, gold)
	if len(changes) != 1 || changes[0].ID != "1" || changes[0].BetterAfter || len(changes[0].RulesGone) == 0 {
		t.Errorf("changes: %+v", changes)
	}
	var buf bytes.Buffer
	if err := WriteReport(&buf, rep, 5); err != nil || !strings.Contains(buf.String(), "macro-F1") {
		t.Errorf("text report: %v\n%s", err, buf.String())
	}
	if _, err := ReadGold(strings.NewReader(`{"id":"1","on_topic":false,"labels":["award"]}`)); err == nil {
		t.Error("off-topic gold item with labels: want an error")
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
	cases, err := ReadGold(f)
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
