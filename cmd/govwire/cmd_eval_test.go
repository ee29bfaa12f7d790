package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govwire/govwire/rules"
)

const demoGold = "../../classify/testdata/demo.jsonl"

// editedRules writes the built-in rules into a new directory with file
// name replaced by text.
func editedRules(t *testing.T, name, text string) string {
	t.Helper()
	dir := t.TempDir()
	names, _ := fs.Glob(rules.FS, "*.yaml")
	for _, n := range names {
		data, _ := fs.ReadFile(rules.FS, n)
		if n == name {
			data = []byte(text)
		}
		if err := os.WriteFile(filepath.Join(dir, n), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestEvalFoldsAndAgainst runs eval --folds and eval --against as a user
// would, in JSON, and checks the shapes scripts rely on.
func TestEvalFoldsAndAgainst(t *testing.T) {
	code, out, errs := runCLI(t, "eval", "--gold", demoGold, "--folds", "5", "--json")
	if code != 0 {
		t.Fatalf("eval --folds: exit %d: %s", code, errs)
	}
	var folds struct {
		Items  int
		Folds  []struct{ Items int }
		Spread map[string]struct{ Mean, SD, Min, Max float64 }
	}
	if err := json.Unmarshal([]byte(out), &folds); err != nil || len(folds.Folds) != 5 || folds.Spread["macro"].Max == 0 {
		t.Fatalf("eval --folds --json: %v\n%s", err, out)
	}
	if code, _, _ := runCLI(t, "eval", "--gold", demoGold, "--folds", "1"); code != 2 {
		t.Errorf("--folds 1: exit %d, want 2", code)
	}

	dir := editedRules(t, "protest.yaml", "")
	code, out, errs = runCLI(t, "eval", "--gold", demoGold, "--against", dir, "--json")
	if code != 0 {
		t.Fatalf("eval --against: exit %d: %s", code, errs)
	}
	var cmp struct {
		Changes []struct{ ID string }
		Labels  []struct{ ID, Label, Effect string }
		Rules   []struct {
			Rule, Change string
			Broke        []string
		}
	}
	if err := json.Unmarshal([]byte(out), &cmp); err != nil {
		t.Fatal(err)
	}
	if len(cmp.Changes) == 0 || len(cmp.Labels) == 0 || len(cmp.Rules) == 0 {
		t.Fatalf("no changes after emptying protest.yaml:\n%s", out)
	}
	for _, l := range cmp.Labels {
		if l.Label != "protest" || l.Effect != "broke" {
			t.Errorf("label change %+v, want only protest decisions broken", l)
		}
	}
	for _, r := range cmp.Rules {
		if !strings.HasPrefix(r.Rule, "protest.") || r.Change != "removed" || len(r.Broke) == 0 {
			t.Errorf("rule effect %+v, want removed protest rules that broke items", r)
		}
	}
}

// TestRulesLintLabelsAndTerms lints the built-in rules (clean: an empty
// JSON list), an emptied protest.yaml (an error: no rule sets protest) and
// the built-in rules against the demo stories (single-item terms are
// warnings and do not fail the command).
func TestRulesLintLabelsAndTerms(t *testing.T) {
	if code, out, _ := runCLI(t, "rules", "lint", "--json"); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("lint of the built-in rules: exit %d, output %q, want 0 and []", code, out)
	}
	dir := editedRules(t, "protest.yaml", "")
	code, out, _ := runCLI(t, "rules", "lint", "--rules", dir)
	if code != 2 || !strings.Contains(out, "no rule can set protest") {
		t.Errorf("lint of an emptied protest.yaml: exit %d, want 2 and the reason:\n%s", code, out)
	}
	code, out, errs := runCLI(t, "rules", "lint", "--gold", demoGold, "--corpus", "../../classify/testdata/cases.jsonl", "--json")
	if code != 0 {
		t.Fatalf("lint --gold: exit %d: %s\n%s", code, errs, out)
	}
	var fs []struct{ Rule, Severity, Message string }
	if err := json.Unmarshal([]byte(out), &fs); err != nil {
		t.Fatal(err)
	}
	if len(fs) == 0 {
		t.Fatal("no single-item-term warning on the demo stories; the built-in rules have some")
	}
	for _, f := range fs {
		if (f.Severity != "warning" && f.Severity != "note") || !strings.Contains(f.Message, "demo.jsonl") || f.Rule == "" {
			t.Errorf("finding %+v, want only single-item-term warnings or notes naming the rule and demo.jsonl", f)
		}
	}
}
