package quality

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/classify"
)

// Change is one gold item whose decision differs between two rule sets,
// with the rules that fired only in one of them.
type Change struct {
	ID          string   `json:"id"`
	Before      []string `json:"before"` // decisions of the base rules: "on_topic" and labels
	After       []string `json:"after"`
	RulesAdded  []string `json:"rules_added"` // fired only with the new rules
	RulesGone   []string `json:"rules_gone"`  // fired only with the base rules
	GoldLabels  []string `json:"gold"`
	BetterAfter bool     `json:"better_after"` // the new decision is closer to gold
}

// Diff compares the reports of two rule sets on the same gold items: base
// (before) and next (after).
func Diff(base, next *Report, gold []GoldItem) []Change {
	byID := map[string]Prediction{}
	for _, p := range base.Predictions {
		byID[p.ID] = p
	}
	goldByID := map[string]GoldItem{}
	for _, g := range gold {
		goldByID[g.ID] = g
	}
	var out []Change
	for _, p := range next.Predictions {
		b, ok := byID[p.ID]
		if !ok {
			continue
		}
		before, after := decisions(b.OnTopic, b.Labels), decisions(p.OnTopic, p.Labels)
		if slices.Equal(before, after) {
			continue
		}
		g := goldByID[p.ID]
		want := decisions(g.OnTopic, g.Labels)
		out = append(out, Change{ID: p.ID, Before: before, After: after, RulesAdded: minus(p.Rules, b.Rules),
			RulesGone: minus(b.Rules, p.Rules), GoldLabels: want, BetterAfter: distance(after, want) < distance(before, want)})
	}
	return out
}

func decisions(onTopic bool, labels []string) []string {
	out := []string{}
	if onTopic {
		out = append(out, classify.LabelOnTopic)
	}
	out = append(out, labels...)
	slices.Sort(out)
	return out
}

func minus(a, b []string) []string {
	out := []string{}
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// distance counts the decisions in which a and b differ.
func distance(a, b []string) int {
	n := 0
	for _, x := range a {
		if !slices.Contains(b, x) {
			n++
		}
	}
	for _, x := range b {
		if !slices.Contains(a, x) {
			n++
		}
	}
	return n
}

// WriteDiff writes changes as text.
func WriteDiff(w io.Writer, base, next *Report, changes []Change) error {
	var b strings.Builder
	fmt.Fprintf(&b, "base %s -> new %s: %d items changed\n", base.Ruleset, next.Ruleset, len(changes))
	fmt.Fprintf(&b, "on-topic F1 %.3f -> %.3f, macro-F1 %.3f -> %.3f\n", base.OnTopic.F1, next.OnTopic.F1, base.MacroF1, next.MacroF1)
	for _, c := range changes {
		verdict := "worse"
		if c.BetterAfter {
			verdict = "better"
		}
		fmt.Fprintf(&b, "%s %-6s [%s] -> [%s] gold [%s] +rules %v -rules %v\n", c.ID, verdict,
			strings.Join(c.Before, " "), strings.Join(c.After, " "), strings.Join(c.GoldLabels, " "), c.RulesAdded, c.RulesGone)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Effects of a decision change, measured against gold.
const (
	Fixed = "fixed" // the new decision agrees with gold, the old did not
	Broke = "broke" // the old decision agreed with gold, the new does not
)

// LabelChange is one decision (the topic gate or a label) of one gold item
// that differs between two rule sets.
type LabelChange struct {
	ID     string   `json:"id"`
	Label  string   `json:"label"` // a label or "on_topic"
	Before bool     `json:"before"`
	After  bool     `json:"after"`
	Gold   bool     `json:"gold"`
	Effect string   `json:"effect"` // Fixed or Broke
	Rules  []string `json:"rules"`  // the changed rules it is put down to (see Compare)
}

// RuleEffect is what one changed rule did on the gold items: the decisions
// it fixed and those it broke, as "id label".
type RuleEffect struct {
	Rule   string   `json:"rule"`
	Label  string   `json:"label"`
	Change string   `json:"change"` // "added", "removed" or "kept" (in both sets, firing on other items)
	Fixed  []string `json:"fixed"`
	Broke  []string `json:"broke"`
}

// Comparison is the result of Compare.
type Comparison struct {
	Items  []Change      `json:"changes"` // per item, as Diff
	Labels []LabelChange `json:"labels"`  // per item and decision
	Rules  []RuleEffect  `json:"rules"`   // per changed rule that changed a decision
}

// Compare compares two rule sets on the same gold items per item, per
// decision and per rule. A changed decision is put down to the rules of
// its label that fire on the item in only one of the two sets; when there
// are none, to the topic rules that do (a gate that opens or closes sets
// or clears labels); when there are none either, the same rules fire and a
// weight or threshold changed, and Rules is empty.
func Compare(base, next *Report, gold []GoldItem) *Comparison {
	cmp := &Comparison{Items: Diff(base, next, gold), Labels: []LabelChange{}, Rules: []RuleEffect{}}
	labelOf, kind := map[string]string{}, map[string]string{}
	for _, s := range base.Rules {
		labelOf[s.Rule], kind[s.Rule] = s.Label, "removed"
	}
	for _, s := range next.Rules {
		if _, ok := kind[s.Rule]; ok {
			kind[s.Rule] = "kept"
		} else {
			kind[s.Rule] = "added"
		}
		labelOf[s.Rule] = s.Label
	}
	preds := map[string]Prediction{}
	for _, p := range base.Predictions {
		preds[p.ID] = p
	}
	goldByID := map[string]GoldItem{}
	for _, g := range gold {
		goldByID[g.ID] = g
	}
	effects := map[string]*RuleEffect{}
	for _, p := range next.Predictions {
		b, ok := preds[p.ID]
		if !ok {
			continue
		}
		g := goldByID[p.ID]
		changed := append(minus(p.Rules, b.Rules), minus(b.Rules, p.Rules)...)
		for _, l := range append([]string{classify.LabelOnTopic}, govwire.Labels...) {
			before, after, want := has(b, l), has(p, l), g.OnTopic
			if l != classify.LabelOnTopic {
				want = slices.Contains(g.Labels, l)
			}
			if before == after {
				continue
			}
			lc := LabelChange{ID: p.ID, Label: l, Before: before, After: after, Gold: want, Effect: Broke, Rules: []string{}}
			if after == want {
				lc.Effect = Fixed
			}
			lc.Rules = ofLabel(changed, labelOf, l)
			if len(lc.Rules) == 0 && l != classify.LabelOnTopic {
				lc.Rules = ofLabel(changed, labelOf, classify.LabelOnTopic)
			}
			cmp.Labels = append(cmp.Labels, lc)
			for _, r := range lc.Rules {
				ef := effects[r]
				if ef == nil {
					ef = &RuleEffect{Rule: r, Label: labelOf[r], Change: kind[r], Fixed: []string{}, Broke: []string{}}
					effects[r] = ef
				}
				if lc.Effect == Fixed {
					ef.Fixed = append(ef.Fixed, p.ID+" "+l)
				} else {
					ef.Broke = append(ef.Broke, p.ID+" "+l)
				}
			}
		}
	}
	for _, ef := range effects {
		cmp.Rules = append(cmp.Rules, *ef)
	}
	slices.SortFunc(cmp.Rules, func(a, b RuleEffect) int { return strings.Compare(a.Rule, b.Rule) })
	return cmp
}

func has(p Prediction, label string) bool {
	if label == classify.LabelOnTopic {
		return p.OnTopic
	}
	return slices.Contains(p.Labels, label)
}

// ofLabel keeps the rules of label, sorted.
func ofLabel(rules []string, labelOf map[string]string, label string) []string {
	out := []string{}
	for _, r := range rules {
		if labelOf[r] == label {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return out
}

// WriteComparison writes c as text: the summary and items of WriteDiff,
// then each changed decision and each rule's fixes and breaks.
func WriteComparison(w io.Writer, base, next *Report, c *Comparison) error {
	if err := WriteDiff(w, base, next, c.Items); err != nil {
		return err
	}
	var b strings.Builder
	fixed := 0
	for _, l := range c.Labels {
		if l.Effect == Fixed {
			fixed++
		}
	}
	fmt.Fprintf(&b, "\n%d decisions changed: %d fixed, %d broke\n", len(c.Labels), fixed, len(c.Labels)-fixed)
	for _, l := range c.Labels {
		fmt.Fprintf(&b, "%-5s %s %-10s %t -> %t (gold %t) by %s\n", l.Effect, l.ID, l.Label, l.Before, l.After, l.Gold, rulesText(l.Rules))
	}
	fmt.Fprintf(&b, "\nby rule\n")
	for _, r := range c.Rules {
		fmt.Fprintf(&b, "%-36s %-10s %-7s fixed %d [%s] broke %d [%s]\n", r.Rule, r.Label, r.Change,
			len(r.Fixed), strings.Join(r.Fixed, ", "), len(r.Broke), strings.Join(r.Broke, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func rulesText(rules []string) string {
	if len(rules) == 0 {
		return "a weight or threshold (the same rules fire)"
	}
	return strings.Join(rules, ", ")
}
