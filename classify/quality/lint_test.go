package quality

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/govwire/govwire/classify"
	"github.com/govwire/govwire/rules"
)

// TestLintBuiltin lints the built-in rules: no finding at all, in
// particular every label has a rule that can set it.
func TestLintBuiltin(t *testing.T) {
	e, err := classify.Load("")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Lint(e, nil) {
		t.Errorf("built-in rules: %s", f)
	}
}

// TestLintUnsetLabel empties protest.yaml: the set loads and its examples
// pass, but no rule can set protest any more, and lint must say so.
func TestLintUnsetLabel(t *testing.T) {
	dir := rulesDir(t, func(name, text string) string {
		if name == "protest.yaml" {
			return ""
		}
		return text
	})
	e, err := classify.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	fs := Lint(e, nil)
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "no rule can set protest") || fs[0].Severity != SeverityError {
		t.Fatalf("findings %v, want one error: no rule can set protest", fs)
	}
	if Errors(fs) != 1 || !strings.HasPrefix(fs[0].String(), "rules: ") {
		t.Errorf("Errors = %d, String = %q", Errors(fs), fs[0])
	}
}

const probeRules = `rules:
  - id: award.handed
    label: award
    version: 1
    description: test rule
    match:
      any:
        - [handed a task order, awarded]
        - {terms: ["@oddly"], unless_preceded_by: {terms: [no longer expected], within: 3}}
    examples: {match: [The Navy awarded it.]}
lists:
  - name: oddly
    terms: [odds-on favourite~, contract]
`

func gold(items ...GoldItem) []GoldItem { return items }

// TestSingleItemTerms checks the overfitting guard on a small rule file:
// a multi-word term that occurs in one gold item and nowhere else is
// reported with its term, rule and item; one that also occurs in another
// gold item or in the reference corpus is not, nor is a one-word term.
func TestSingleItemTerms(t *testing.T) {
	fsys := fstest.MapFS{"r.yaml": {Data: []byte(probeRules)}}
	g := []Corpus{{Name: "a.jsonl", Items: gold(
		GoldItem{ID: "a1", Text: "The Army handed a task order to a vendor."},
		GoldItem{ID: "a2", Text: "Oracle, the odds-on favourites, was awarded the contract."},
		GoldItem{ID: "a3", Text: "Analysts no longer expected a contract."},
	)}, {Name: "b.jsonl", Items: gold(GoldItem{ID: "b1", Text: "It was awarded; no longer expected."})}}
	ref := []Corpus{{Name: "ref", Items: gold(GoldItem{ID: "r1", Text: "Nobody expected the Air Force to award a contract."})}}
	fs, err := SingleItemTerms(fsys, g, ref)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Finding{}
	for _, f := range fs {
		term := strings.SplitN(f.Message, `"`, 3)[1]
		got[term] = f
	}
	for term, item := range map[string]string{"handed a task order": "a1", "odds-on favourite~": "a2"} {
		f, ok := got[term]
		if !ok {
			t.Errorf("no warning for %q; got %v", term, fs)
			continue
		}
		if f.Rule != "award.handed" || !strings.Contains(f.Message, "gold item "+item+" ") || f.Severity != SeverityWarning || f.File != "r.yaml" {
			t.Errorf("%q: %+v", term, f)
		}
	}
	if len(got) != 2 {
		t.Errorf("warnings %v; want only the two single-item terms (no longer expected is in a3 and b1)", fs)
	}
	// A term its rule's description quotes is explained: a note, not a warning.
	explained := strings.Replace(probeRules, "description: test rule", `description: 'test rule; "handed a task order" is how agencies word it'`, 1)
	fs, err = SingleItemTerms(fstest.MapFS{"r.yaml": {Data: []byte(explained)}}, g, ref)
	if err != nil || Count(fs, SeverityNote) != 1 || Count(fs, SeverityWarning) != 1 || !strings.Contains(fmt.Sprint(fs), "note: term \"handed a task order\"") {
		t.Errorf("explained term: %v %v, want a note for handed a task order and a warning for odds-on favourite~", fs, err)
	}
	// A capitalized expression's term counts only where it is capitalized.
	caps := strings.Replace(probeRules, "        - [handed a task order, awarded]", "        - {terms: [Cloud Board], capitalized: true}", 1)
	capsGold := []Corpus{{Name: "c.jsonl", Items: gold(GoldItem{ID: "c1", Text: "The Cloud Board awarded it."})}}
	capsRef := []Corpus{{Name: "ref", Items: gold(GoldItem{ID: "r1", Text: "A cloud board met."})}}
	if fs, err := SingleItemTerms(fstest.MapFS{"r.yaml": {Data: []byte(caps)}}, capsGold, capsRef); err != nil || len(fs) != 1 || !strings.Contains(fs[0].Message, `"Cloud Board"`) {
		t.Errorf("capitalized term: %v %v, want a warning for Cloud Board (the reference text is not capitalized)", fs, err)
	}
	// The same term in a reference text is no longer a single-item term.
	ref[0].Items[0].Text += " It handed a task order too."
	if fs, _ = SingleItemTerms(fsys, g, ref); len(fs) != 1 {
		t.Errorf("with the term in the reference corpus: %v, want only odds-on favourite~", fs)
	}
}

// TestSingleItemTermsBuiltin runs the guard over the built-in rules and
// our written cases with no reference corpus: it must compile every
// written term (the probe uses the engine's own term handling).
func TestSingleItemTermsBuiltin(t *testing.T) {
	cases := readGoldFile(t, "../testdata/cases.jsonl")
	fs, err := SingleItemTerms(rules.FS, []Corpus{{Name: "cases.jsonl", Items: cases}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) == 0 {
		t.Error("no single-item term in the written cases alone: the probe finds nothing")
	}
}
