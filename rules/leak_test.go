package rules

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// sharedEval holds the real labelled dev sets, outside the repository.
const sharedEval = "../../shared/eval"

// Run lengths: no text of a rule file (term, example, description) may
// share a run of leakRun words with a dev text, and no rule example a run
// of exampleRun words. Rules are written for the field, not copied from
// the sets they are measured on.
const (
	leakRun    = 8
	exampleRun = 5
)

// stockRuns are official names and stock phrases of the field that rule
// text may share with news text.
var stockRuns = []string{
	"filed a protest with the government accountability office",
	"united states court of federal claims",
	"joint enterprise defense infrastructure",
	"joint warfighting cloud capability",
	"federal ministry for digital affairs and state modernization",
}

// words splits s into lower-case runs of letters, digits and '$'.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '$'
	})
}

// runs returns every n-word run of ws, joined by spaces.
func runs(ws []string, n int) []string {
	var out []string
	for i := 0; i+n <= len(ws); i++ {
		out = append(out, strings.Join(ws[i:i+n], " "))
	}
	return out
}

// devRuns reads every gold file of ../shared/eval and returns the set of
// n-word runs of its titles and texts, or skips t when the sets are absent.
func devRuns(t *testing.T, n int) map[string]string {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(sharedEval, "*.jsonl"))
	if len(paths) == 0 {
		t.Skipf("no gold files in %s (the shared eval sets live outside the repository); skipping", sharedEval)
	}
	set := map[string]string{}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			var it struct{ ID, Title, Text string }
			if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			for _, r := range runs(words(it.Title+" . "+it.Text), n) {
				set[r] = it.ID
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return set
}

// ruleText is one string of a rule file, with whether it is an example.
type ruleText struct {
	file    string
	line    int
	text    string
	example bool
}

// ruleTexts returns every scalar of every embedded rule file.
func ruleTexts(t *testing.T) []ruleText {
	t.Helper()
	paths, err := fs.Glob(FS, "*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no rule files: %v", err)
	}
	var out []ruleText
	for _, p := range paths {
		data, err := FS.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var walk func(n *yaml.Node, example bool)
		walk = func(n *yaml.Node, example bool) {
			if n.Kind == yaml.ScalarNode {
				out = append(out, ruleText{p, n.Line, n.Value, example})
			}
			for i, c := range n.Content {
				ex := example
				if n.Kind == yaml.MappingNode && i%2 == 1 {
					ex = ex || n.Content[i-1].Value == "examples"
				}
				walk(c, ex)
			}
		}
		walk(&doc, false)
	}
	return out
}

// leaks lists the texts that share a run of leakRun words with long, or
// (examples only) of exampleRun words with short, stock phrases aside.
func leaks(texts []ruleText, long, short map[string]string) []string {
	stock := func(r string) bool {
		for _, s := range stockRuns {
			if strings.Contains(s, r) {
				return true
			}
		}
		return false
	}
	var out []string
	for _, rt := range texts {
		ws := words(rt.text)
		for _, r := range runs(ws, leakRun) {
			if id, ok := long[r]; ok && !stock(r) {
				out = append(out, fmt.Sprintf("%s:%d: %q shares %d words with dev item %s: %q", rt.file, rt.line, rt.text, leakRun, id, r))
			}
		}
		if !rt.example {
			continue
		}
		for _, r := range runs(ws, exampleRun) {
			if id, ok := short[r]; ok && !stock(r) {
				out = append(out, fmt.Sprintf("%s:%d: example %q shares %d words with dev item %s: %q", rt.file, rt.line, rt.text, exampleRun, id, r))
			}
		}
	}
	return out
}

// TestRulesShareNoDevText fails when a term, example or description of the
// built-in rules shares a run of eight words with a dev text, or a rule
// example a run of five, stock phrases aside.
func TestRulesShareNoDevText(t *testing.T) {
	long, short := devRuns(t, leakRun), devRuns(t, exampleRun)
	for _, l := range leaks(ruleTexts(t), long, short) {
		t.Error(l)
	}
}

// TestLeaksFindsCopies makes sure the check is not vacuous: an example made
// of a dev run is reported, the same words in a description are not (too
// short for leakRun), and a stock phrase is never reported.
func TestLeaksFindsCopies(t *testing.T) {
	long := map[string]string{"a b c d e f g h": "x1"}
	short := map[string]string{"one two three four five": "x2", "a protest with the government": "x3"}
	texts := []ruleText{
		{file: "f.yaml", line: 1, text: "One two three four five.", example: true},
		{file: "f.yaml", line: 2, text: "one two three four five", example: false},
		{file: "f.yaml", line: 3, text: "A b c d e f g h", example: false},
		{file: "f.yaml", line: 4, text: "It filed a protest with the Government Accountability Office.", example: true},
	}
	got := leaks(texts, long, short)
	if len(got) != 2 || !strings.Contains(got[0], "f.yaml:1") || !strings.Contains(got[1], "f.yaml:3") {
		t.Errorf("leaks = %q, want the example at line 1 and the 8-word run at line 3", got)
	}
}
