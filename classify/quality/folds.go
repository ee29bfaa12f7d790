package quality

import (
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/classify"
)

// FoldScore is the score of the rules on one fold of the gold items.
type FoldScore struct {
	Fold    int                `json:"fold"`
	Items   int                `json:"items"`
	OnTopic float64            `json:"on_topic_f1"`
	Labels  map[string]float64 `json:"labels_f1"`
	MacroF1 float64            `json:"macro_f1"`
}

// Spread summarises one figure over the folds: its mean, standard
// deviation (population) and range.
type Spread struct {
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
}

// FoldReport is the result of Folds: the per-fold F1 of every decision and
// its spread, the stability figure of a rule set on a gold set.
type FoldReport struct {
	Ruleset string            `json:"ruleset"`
	Items   int               `json:"items"`
	Folds   []FoldScore       `json:"folds"`
	Spread  map[string]Spread `json:"spread"` // by "on_topic", each label and "macro"
}

// Folds splits gold into k folds and scores the rules on each. The rules
// are fixed (nothing is trained), so this is not cross-validation: the
// spread of per-fold F1 says how much the score depends on which items
// happen to be in a set of this size, i.e. how far to trust a difference
// between two scores. An item's fold is set by a hash of its id, so the
// split does not depend on the order of the file and stays the same when
// items are added.
func Folds(e *classify.Engine, gold []GoldItem, k int) (*FoldReport, error) {
	if k < 2 || k > len(gold) {
		return nil, govwire.Errorf(govwire.EINVALID, "folds: want 2 to %d folds (the number of items), not %d", len(gold), k)
	}
	parts := make([][]GoldItem, k)
	for _, g := range gold {
		h := fnv.New32a()
		io.WriteString(h, g.ID)
		i := int(h.Sum32() % uint32(k))
		parts[i] = append(parts[i], g)
	}
	rep := &FoldReport{Ruleset: e.Ruleset(), Items: len(gold), Spread: map[string]Spread{}}
	for i, p := range parts {
		if len(p) == 0 {
			continue
		}
		r := Evaluate(e, p)
		fs := FoldScore{Fold: i + 1, Items: len(p), OnTopic: r.OnTopic.F1, Labels: map[string]float64{}, MacroF1: r.MacroF1}
		for _, l := range govwire.Labels {
			fs.Labels[l] = r.Labels[l].F1
		}
		rep.Folds = append(rep.Folds, fs)
	}
	figure := func(name string, get func(FoldScore) float64) {
		var xs []float64
		for _, f := range rep.Folds {
			xs = append(xs, get(f))
		}
		rep.Spread[name] = spreadOf(xs)
	}
	figure(classify.LabelOnTopic, func(f FoldScore) float64 { return f.OnTopic })
	for _, l := range govwire.Labels {
		figure(l, func(f FoldScore) float64 { return f.Labels[l] })
	}
	figure("macro", func(f FoldScore) float64 { return f.MacroF1 })
	return rep, nil
}

func spreadOf(xs []float64) Spread {
	if len(xs) == 0 {
		return Spread{}
	}
	s := Spread{Min: slices.Min(xs), Max: slices.Max(xs)}
	for _, x := range xs {
		s.Mean += x
	}
	s.Mean /= float64(len(xs))
	for _, x := range xs {
		s.SD += (x - s.Mean) * (x - s.Mean)
	}
	s.SD = math.Sqrt(s.SD / float64(len(xs)))
	return s
}

// WriteFolds writes rep as text: one row per fold, then the spread.
func WriteFolds(w io.Writer, rep *FoldReport) error {
	var b strings.Builder
	names := append(append([]string{classify.LabelOnTopic}, govwire.Labels...), "macro")
	fmt.Fprintf(&b, "ruleset %s, %d items in %d folds (rules fixed: the spread is the stability figure)\n\n", rep.Ruleset, rep.Items, len(rep.Folds))
	fmt.Fprintf(&b, "%-6s %5s", "fold", "items")
	for _, n := range names {
		fmt.Fprintf(&b, " %10s", n)
	}
	b.WriteString("\n")
	for _, f := range rep.Folds {
		fmt.Fprintf(&b, "%-6d %5d %10.3f", f.Fold, f.Items, f.OnTopic)
		for _, l := range govwire.Labels {
			fmt.Fprintf(&b, " %10.3f", f.Labels[l])
		}
		fmt.Fprintf(&b, " %10.3f\n", f.MacroF1)
	}
	for _, row := range []struct {
		name string
		get  func(Spread) float64
	}{{"mean", func(s Spread) float64 { return s.Mean }}, {"sd", func(s Spread) float64 { return s.SD }},
		{"min", func(s Spread) float64 { return s.Min }}, {"max", func(s Spread) float64 { return s.Max }}} {
		fmt.Fprintf(&b, "%-12s", row.name)
		for _, n := range names {
			fmt.Fprintf(&b, " %10.3f", row.get(rep.Spread[n]))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
