package classify

import (
	"fmt"

	"github.com/govwire/govwire"
)

// ExampleResult is the outcome of one example written inside a rule file.
type ExampleResult struct {
	Rule   string `json:"rule"`
	File   string `json:"file"`
	Kind   string `json:"kind"` // "match", "no_match" or "todo"
	Text   string `json:"text"`
	Fired  bool   `json:"fired"`
	Passed bool   `json:"passed"` // for todo: true when the known failure is now fixed
}

// TestExamples runs every rule's own examples: a "match" example must make
// the rule fire, a "no_match" example must not, and a "todo" example is a
// known failure that is reported but does not fail. Each example is
// classified as the text of a document with no title.
func (e *Engine) TestExamples() []ExampleResult {
	var out []ExampleResult
	for _, r := range e.rules {
		if r.status == StatusDeprecated {
			continue
		}
		run := func(kind string, texts []string, want bool) {
			for _, t := range texts {
				fired := e.ruleFires(r, t)
				out = append(out, ExampleResult{Rule: r.id, File: r.file, Kind: kind, Text: t, Fired: fired, Passed: fired == want})
			}
		}
		run("match", r.examples.Match, true)
		run("no_match", r.examples.NoMatch, false)
		run("todo", r.examples.Todo, true)
	}
	return out
}

// ruleFires reports whether rule r fires on text.
func (e *Engine) ruleFires(r *rule, text string) bool {
	sc := e.pool.Get().(*scratch)
	defer e.release(sc)
	d := govwire.Document{Text: text}
	if r.scope == scopeTitle {
		d = govwire.Document{Title: text}
	}
	e.scan(sc, d)
	_, ok := e.fire(sc, r)
	return ok
}

// ExampleFailures returns the failed match and no_match examples of
// results (todo examples never fail).
func ExampleFailures(results []ExampleResult) []ExampleResult {
	var out []ExampleResult
	for _, r := range results {
		if r.Kind != "todo" && !r.Passed {
			out = append(out, r)
		}
	}
	return out
}

// CheckExamples returns an EINVALID error describing the first failed
// examples of e, or nil when all pass.
func (e *Engine) CheckExamples() error {
	fails := ExampleFailures(e.TestExamples())
	if len(fails) == 0 {
		return nil
	}
	f := fails[0]
	verb := "should fire but does not"
	if f.Kind == "no_match" {
		verb = "should not fire but does"
	}
	return govwire.Errorf(govwire.EINVALID, "%d rule examples fail; first: %s: rule %s %s on %q", len(fails), f.File, f.Rule, verb, f.Text)
}

// String describes an example result in one line.
func (r ExampleResult) String() string {
	state := "ok"
	switch {
	case r.Kind == "todo" && r.Passed:
		state = "todo now passes"
	case r.Kind == "todo":
		state = "todo"
	case !r.Passed:
		state = "FAIL"
	}
	return fmt.Sprintf("%-15s %-36s %-8s %q", state, r.Rule, r.Kind, clip(r.Text, 90))
}

// clip shortens s to at most n bytes, on a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "..."
}
