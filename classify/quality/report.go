package quality

import (
	"fmt"
	"io"
	"strings"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/classify"
)

// WriteReport writes rep as text: the scores, the rule analysis and the
// errors with their evidence (at most maxErrors; 0 means all).
func WriteReport(w io.Writer, rep *Report, maxErrors int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "ruleset %s, %d items\n\n", rep.Ruleset, rep.Items)
	fmt.Fprintf(&b, "%-11s %5s %5s %5s %9s %6s %6s\n", "decision", "tp", "fp", "fn", "precision", "recall", "f1")
	row := func(name string, m Metric) {
		fmt.Fprintf(&b, "%-11s %5d %5d %5d %9.3f %6.3f %6.3f\n", name, m.TP, m.FP, m.FN, m.Precision, m.Recall, m.F1)
	}
	row(classify.LabelOnTopic, rep.OnTopic)
	for _, l := range govwire.Labels {
		row(l, rep.Labels[l])
	}
	fmt.Fprintf(&b, "\nmicro-F1 %.3f  macro-F1 %.3f  exact match %.3f\n\n", rep.MicroF1, rep.MacroF1, rep.ExactMatch)
	fmt.Fprintf(&b, "%-36s %-10s %-12s %5s %8s %8s %9s %9s\n", "rule", "label", "status", "fired", "coverage", "overlaps", "conflicts", "precision")
	for _, s := range rep.Rules {
		fmt.Fprintf(&b, "%-36s %-10s %-12s %5d %8.3f %8d %9d %9.3f\n", s.Rule, s.Label, s.Status, s.Fired, s.Coverage, s.Overlaps, s.Conflicts, s.Precision)
	}
	fmt.Fprintf(&b, "\n%d errors\n", len(rep.Errors))
	for i, e := range rep.Errors {
		if maxErrors > 0 && i == maxErrors {
			fmt.Fprintf(&b, "... %d more\n", len(rep.Errors)-maxErrors)
			break
		}
		fmt.Fprintf(&b, "%-11s %-11s %s %q\n", e.Kind, e.Label, e.ID, clip(e.Title, 70))
		for _, ev := range e.Evidence {
			fmt.Fprintf(&b, "    %s %s[%d:%d] %q\n", ev.Rule, ev.Field, ev.Start, ev.End, clip(ev.Text, 80))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "..."
}
