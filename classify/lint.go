package classify

import "fmt"

// Finding is one lint remark about a rule.
type Finding struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// String formats f as file:line: rule: message.
func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: rule %s: %s", f.File, f.Line, f.Rule, f.Message)
}

// Lint reports rules without match examples, failing examples, and, when
// gold items are given, rules that never fire on them. Unknown keys and
// duplicate ids are load errors and never reach Lint.
func Lint(e *Engine, gold []GoldItem) []Finding {
	var out []Finding
	for _, r := range e.rules {
		add := func(format string, args ...any) {
			out = append(out, Finding{File: r.file, Line: r.line, Rule: r.id, Message: fmt.Sprintf(format, args...)})
		}
		if len(r.examples.Match) == 0 {
			add("no match examples")
		}
		if r.status == StatusDeprecated {
			add("deprecated; remove it when nothing depends on it")
		}
	}
	for _, x := range ExampleFailures(e.TestExamples()) {
		r := e.ruleByID(x.Rule)
		out = append(out, Finding{File: r.file, Line: r.line, Rule: r.id, Message: fmt.Sprintf("%s example fails: %q", x.Kind, clip(x.Text, 80))})
	}
	if len(gold) > 0 {
		rep := Evaluate(e, gold)
		for _, s := range rep.Rules {
			if s.Fired == 0 && s.Status != StatusDeprecated {
				r := e.ruleByID(s.Rule)
				out = append(out, Finding{File: r.file, Line: r.line, Rule: r.id, Message: fmt.Sprintf("never fires on the %d gold items", len(gold))})
			}
		}
	}
	return out
}

func (e *Engine) ruleByID(id string) *rule {
	for _, r := range e.rules {
		if r.id == id {
			return r
		}
	}
	return &rule{id: id}
}
