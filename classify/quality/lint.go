package quality

import (
	"fmt"

	"github.com/govwire/govwire/classify"
)

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
func Lint(e *classify.Engine, gold []GoldItem) []Finding {
	var out []Finding
	rules := e.Rules()
	for _, r := range rules {
		add := func(format string, args ...any) {
			out = append(out, Finding{File: r.File, Line: r.Line, Rule: r.ID, Message: fmt.Sprintf(format, args...)})
		}
		if r.MatchExamples == 0 {
			add("no match examples")
		}
		if r.Status == classify.StatusDeprecated {
			add("deprecated; remove it when nothing depends on it")
		}
	}
	for _, x := range classify.ExampleFailures(e.TestExamples()) {
		r := ruleByID(rules, x.Rule)
		out = append(out, Finding{File: r.File, Line: r.Line, Rule: r.ID, Message: fmt.Sprintf("%s example fails: %q", x.Kind, clip(x.Text, 80))})
	}
	if len(gold) > 0 {
		rep := Evaluate(e, gold)
		for _, s := range rep.Rules {
			if s.Fired == 0 && s.Status != classify.StatusDeprecated {
				r := ruleByID(rules, s.Rule)
				out = append(out, Finding{File: r.File, Line: r.Line, Rule: r.ID, Message: fmt.Sprintf("never fires on the %d gold items", len(gold))})
			}
		}
	}
	return out
}

func ruleByID(rules []classify.RuleInfo, id string) classify.RuleInfo {
	for _, r := range rules {
		if r.ID == id {
			return r
		}
	}
	return classify.RuleInfo{ID: id}
}
