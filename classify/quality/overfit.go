package quality

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing/fstest"
	"unicode"

	"github.com/govwire/govwire/classify"
)

// Corpus is a named set of texts the rules are checked against: a gold
// file, or a reference corpus whose labels are not used.
type Corpus struct {
	Name  string
	Items []GoldItem
}

// SingleItemTerms warns about every multi-word term of the rule files in
// fsys that fires on exactly one item of the gold corpora and on nothing
// else: no other item of any gold corpus and no item of the reference
// corpora. Such a term was most likely fitted to one sentence; it makes
// the rule files harder to read and the gold score meaningless. A term
// fires on a text when the phrase (with the word forms the engine adds)
// occurs in it, whatever the rest of its rule says. Each finding names the
// term, the rules that use it (directly or through lists) and the item. A
// term whose rule or list quotes it in its description (`... "stop-work
// order" is the field's term for ...`) has been explained by its author:
// it is reported with SeverityNote instead of SeverityWarning.
func SingleItemTerms(fsys fs.FS, gold, reference []Corpus) ([]Finding, error) {
	written, err := classify.WrittenTerms(fsys)
	if err != nil {
		return nil, err
	}
	terms := multiWordTerms(written)
	if len(terms) == 0 {
		return nil, nil
	}
	probe, err := termProbe(terms)
	if err != nil {
		return nil, err
	}
	type place struct{ corpus, id string }
	seen := make([][]place, len(terms))
	refs := 0
	scan := func(cs []Corpus, isGold bool) {
		for _, c := range cs {
			for _, it := range c.Items {
				_, hits := probe.Explain(it.Document())
				for _, h := range hits {
					i := probeIndex(h.Rule)
					if len(seen[i]) < 2 {
						name := c.Name
						if !isGold {
							name = ""
						}
						seen[i] = append(seen[i], place{name, it.ID})
					}
				}
				if !isGold {
					refs++
				}
			}
		}
	}
	scan(gold, true)
	scan(reference, false)
	users := listUsers(written)
	var out []Finding
	for i, t := range terms {
		if len(seen[i]) != 1 || seen[i][0].corpus == "" {
			continue
		}
		rules := t.rules(users)
		sev := SeverityWarning
		if t.explained() {
			sev = SeverityNote
		}
		out = append(out, Finding{File: t.File, Line: t.Line, Rule: strings.Join(rules, ","), Severity: sev,
			Message: fmt.Sprintf("term %q fires on gold item %s (%s) and on no other of %d gold and %d reference texts",
				t.Text, seen[i][0].id, seen[i][0].corpus, items(gold), refs)})
	}
	return out, nil
}

func items(cs []Corpus) int {
	n := 0
	for _, c := range cs {
		n += len(c.Items)
	}
	return n
}

// probeTerm is one distinct multi-word phrase and where it is written.
type probeTerm struct {
	classify.WrittenTerm
	all []classify.WrittenTerm // every place with the same text and forms
}

// rules lists the rules that use the term, directly or through lists.
func (t probeTerm) rules(users map[string][]string) []string {
	var out []string
	for _, w := range t.all {
		if w.Rule != "" {
			out = append(out, w.Rule)
		} else {
			out = append(out, users[w.List]...)
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) == 0 {
		return []string{"(no rule)"}
	}
	return out
}

// explained reports whether a description of a rule or list holding the
// term quotes it.
func (t probeTerm) explained() bool {
	for _, w := range t.all {
		if strings.Contains(w.Description, `"`+w.Text+`"`) {
			return true
		}
	}
	return false
}

// multiWordTerms keeps the phrases of two or more words, one per distinct
// text and forms, in the order first written.
func multiWordTerms(written []classify.WrittenTerm) []probeTerm {
	var out []probeTerm
	index := map[string]int{}
	for _, w := range written {
		if w.IsListRef() || wordCount(w.Text) < 2 {
			continue
		}
		key := fmt.Sprintf("%t\x00%t\x00%s", w.Exact, w.Capitalized, w.Text)
		if i, ok := index[key]; ok {
			out[i].all = append(out[i].all, w)
			continue
		}
		index[key] = len(out)
		out = append(out, probeTerm{WrittenTerm: w, all: []classify.WrittenTerm{w}})
	}
	return out
}

// wordCount counts the words of a written term as the tokenizer splits
// them: runs of letters and digits.
func wordCount(s string) int {
	return len(strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
}

// listUsers maps each list name to the rules that use it, directly or
// through other lists.
func listUsers(written []classify.WrittenTerm) map[string][]string {
	direct := map[string][]string{} // list -> rules
	parents := map[string][]string{}
	for _, w := range written {
		name, ok := strings.CutPrefix(w.Text, "@")
		if !ok {
			continue
		}
		if w.Rule != "" {
			direct[name] = append(direct[name], w.Rule)
		} else {
			parents[name] = append(parents[name], w.List)
		}
	}
	out := map[string][]string{}
	var visit func(list string, depth int) []string
	visit = func(list string, depth int) []string {
		rules := append([]string{}, direct[list]...)
		if depth < 8 {
			for _, p := range parents[list] {
				rules = append(rules, visit(p, depth+1)...)
			}
		}
		return rules
	}
	for _, w := range written {
		if w.List != "" {
			if _, ok := out[w.List]; !ok {
				out[w.List] = visit(w.List, 0)
			}
		}
	}
	return out
}

// termProbe compiles one experimental rule per term, each matching only
// its term with the term's word forms (and capitals, where its expression
// asks for them), so that Explain tells which terms occur in a text.
func termProbe(terms []probeTerm) (*classify.Engine, error) {
	type list struct {
		Name  string   `json:"name"`
		Forms string   `json:"forms,omitempty"`
		Terms []string `json:"terms"`
	}
	type expr struct {
		Terms       []string `json:"terms"`
		Capitalized bool     `json:"capitalized,omitempty"`
	}
	type rule struct {
		ID          string `json:"id"`
		Label       string `json:"label"`
		Version     int    `json:"version"`
		Status      string `json:"status"`
		Description string `json:"description"`
		Match       expr   `json:"match"`
	}
	var file struct {
		Lists []list `json:"lists"`
		Rules []rule `json:"rules"`
	}
	for i, t := range terms {
		l := list{Name: fmt.Sprintf("probe%d", i), Terms: []string{t.Text}}
		if t.Exact {
			l.Forms = "exact"
		}
		file.Lists = append(file.Lists, l)
		file.Rules = append(file.Rules, rule{ID: probeID(i), Label: "bid", Version: 1, Status: classify.StatusExperimental,
			Description: "probe", Match: expr{Terms: []string{"@" + l.Name}, Capitalized: t.Capitalized}})
	}
	data, err := json.Marshal(file) // JSON is YAML
	if err != nil {
		return nil, fmt.Errorf("encode term probe: %w", err)
	}
	e, err := classify.LoadFS(fstest.MapFS{"probe.yaml": {Data: data}})
	if err != nil {
		return nil, fmt.Errorf("compile term probe: %w", err)
	}
	return e, nil
}

// Probe rule ids sort in term order: "p" and a fixed-width number.
func probeID(i int) string { return fmt.Sprintf("p%07d", i) }

func probeIndex(id string) int {
	var i int
	fmt.Sscanf(id, "p%d", &i)
	return i
}
