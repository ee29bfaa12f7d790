package quality

import (
	"fmt"
	"io"
	"slices"
	"strings"

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
