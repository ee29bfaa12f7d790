package quality

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govwire/govwire/classify"
	"github.com/govwire/govwire/rules"
)

// rulesDir writes the built-in rule files into a new directory, each
// passed through edit (name, text) first.
func rulesDir(t *testing.T, edit func(name, text string) string) string {
	t.Helper()
	dir := t.TempDir()
	names, _ := fs.Glob(rules.FS, "*.yaml")
	for _, n := range names {
		data, err := fs.ReadFile(rules.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), []byte(edit(n, string(data))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestEvaluateAndDiff scores a small gold set and compares two rule sets.
func TestEvaluateAndDiff(t *testing.T) {
	gold, err := ReadGold(strings.NewReader(`{"id":"1","title":"Navy awards cloud deal","text":"The Navy awarded a cloud computing contract to a vendor.","on_topic":true,"labels":["award"]}
{"id":"2","title":"Cloudy","text":"Rain and clouds.","on_topic":false,"labels":[]}
`))
	if err != nil {
		t.Fatal(err)
	}
	base, err := classify.Load("")
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
	dir := rulesDir(t, func(name, text string) string {
		if name == "award.yaml" {
			return strings.Replace(text, "status: stable", "status: deprecated", 1)
		}
		return text
	})
	next, err := classify.Load(dir)
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

// TestCompare deprecates the award rules and adds a bid rule: each changed
// decision is listed per item and label as fixed or broke, and put down to
// the rules that caused it.
func TestCompare(t *testing.T) {
	gold := []GoldItem{
		{ID: "1", Title: "Navy awards cloud deal", Text: "The Navy awarded a cloud computing contract to a vendor.", OnTopic: true, Labels: []string{"award"}},
		{ID: "2", Title: "Army cloud contract", Text: "The Army opened a cloud computing contract call for pitches.", OnTopic: true, Labels: []string{"bid"}},
	}
	base, err := classify.Load("")
	if err != nil {
		t.Fatal(err)
	}
	dir := rulesDir(t, func(name, text string) string {
		switch name {
		case "award.yaml":
			return strings.ReplaceAll(text, "status: stable", "status: deprecated")
		case "bid.yaml":
			return text + "\n  - id: bid.pitches\n    label: bid\n    version: 1\n    description: added\n    match: [call for pitches]\n    examples:\n      match: [a call for pitches went out]\n"
		}
		return text
	})
	next, err := classify.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	rep, nrep := Evaluate(base, gold), Evaluate(next, gold)
	c := Compare(rep, nrep, gold)
	want := map[string]string{"1 award": Broke, "2 bid": Fixed}
	if len(c.Labels) != len(want) {
		t.Fatalf("label changes %+v, want %v", c.Labels, want)
	}
	for _, l := range c.Labels {
		if want[l.ID+" "+l.Label] != l.Effect || len(l.Rules) == 0 {
			t.Errorf("change %+v, want effect %q with rules", l, want[l.ID+" "+l.Label])
		}
	}
	var pitches *RuleEffect
	for i, r := range c.Rules {
		if r.Rule == "bid.pitches" {
			pitches = &c.Rules[i]
		}
		if r.Label == "award" && (len(r.Broke) != 1 || r.Broke[0] != "1 award" || r.Change != "kept") {
			t.Errorf("award rule effect %+v, want kept, broke [1 award]", r)
		}
	}
	if pitches == nil || pitches.Change != "added" || len(pitches.Fixed) != 1 || pitches.Fixed[0] != "2 bid" || len(pitches.Broke) != 0 {
		t.Errorf("bid.pitches effect %+v, want added, fixed [2 bid]", pitches)
	}
	var buf bytes.Buffer
	if err := WriteComparison(&buf, rep, nrep, c); err != nil || !strings.Contains(buf.String(), "fixed 1 [2 bid]") {
		t.Errorf("text: %v\n%s", err, buf.String())
	}
}
