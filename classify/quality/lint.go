package quality

import (
	"fmt"
	"slices"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/classify"
)

// Finding is one lint remark about a rule, or about a label (Rule empty).
type Finding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"` // SeverityError or SeverityWarning
	Message  string `json:"message"`
}

// Finding severities: errors fail "govwire rules lint", warnings are
// printed for a person to judge, notes record what a rule author has
// already judged (an explained single-item term).
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	SeverityNote    = "note"
)

// String formats f as file:line: rule: message, marking warnings.
func (f Finding) String() string {
	msg := f.Message
	if f.Severity == SeverityWarning || f.Severity == SeverityNote {
		msg = f.Severity + ": " + msg
	}
	if f.Rule == "" {
		return fmt.Sprintf("rules: %s", msg)
	}
	return fmt.Sprintf("%s:%d: rule %s: %s", f.File, f.Line, f.Rule, msg)
}

// Count counts the findings of severity sev.
func Count(fs []Finding, sev string) int {
	n := 0
	for _, f := range fs {
		if f.Severity == sev {
			n++
		}
	}
	return n
}

// Errors counts the findings of severity error.
func Errors(fs []Finding) int { return Count(fs, SeverityError) }

// Lint reports labels that no rule can set, rules without match examples,
// failing examples, and, when gold items are given, rules that never fire
// on them; all are errors. Unknown keys and duplicate ids are load errors
// and never reach Lint.
func Lint(e *classify.Engine, gold []GoldItem) []Finding {
	rules := e.Rules()
	out := append([]Finding{}, unsetLabels(e)...) // never nil: JSON [] when clean
	for _, r := range rules {
		add := func(format string, args ...any) {
			out = append(out, Finding{File: r.File, Line: r.Line, Rule: r.ID, Severity: SeverityError, Message: fmt.Sprintf(format, args...)})
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
		out = append(out, Finding{File: r.File, Line: r.Line, Rule: r.ID, Severity: SeverityError, Message: fmt.Sprintf("%s example fails: %q", x.Kind, clip(x.Text, 80))})
	}
	if len(gold) > 0 {
		rep := Evaluate(e, gold)
		for _, s := range rep.Rules {
			if s.Fired == 0 && s.Status != classify.StatusDeprecated {
				r := ruleByID(rules, s.Rule)
				out = append(out, Finding{File: r.File, Line: r.Line, Rule: r.ID, Severity: SeverityError, Message: fmt.Sprintf("never fires on the %d gold items", len(gold))})
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

// unsetLabels reports the decisions (the topic gate and each label) that
// no rule of e can set. A rule set that lost one, say to an emptied rule
// file, would never set it again, and nothing else would say so.
func unsetLabels(e *classify.Engine) []Finding {
	var out []Finding
	can := e.SettableLabels()
	for _, l := range append([]string{classify.LabelOnTopic}, govwire.Labels...) {
		if !slices.Contains(can, l) {
			out = append(out, Finding{Severity: SeverityError,
				Message: fmt.Sprintf("no rule can set %s: no test or stable rule of that label with a positive weight", l)})
		}
	}
	return out
}
