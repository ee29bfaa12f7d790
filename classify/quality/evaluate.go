package quality

import (
	"sort"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/classify"
)

// Metric is precision, recall and F1 of one binary decision.
type Metric struct {
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func (m *Metric) add(pred, gold bool) {
	switch {
	case pred && gold:
		m.TP++
	case pred:
		m.FP++
	case gold:
		m.FN++
	}
}

func (m *Metric) finish() {
	m.Precision = ratio(m.TP, m.TP+m.FP)
	m.Recall = ratio(m.TP, m.TP+m.FN)
	if m.Precision+m.Recall > 0 {
		m.F1 = 2 * m.Precision * m.Recall / (m.Precision + m.Recall)
	}
	if m.TP+m.FP+m.FN == 0 {
		m.Precision, m.Recall, m.F1 = 1, 1, 1
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// RuleStat is Snorkel-style labeling-function analysis of one rule on a
// gold set: coverage (share of items it fires on), overlaps (items where
// another rule of its label also fires), conflicts (items where it votes
// one way and a rule of its label, or the topic gate, the other), and its
// precision against the gold labels.
type RuleStat struct {
	Rule      string  `json:"rule"`
	Label     string  `json:"label"`
	Status    string  `json:"status"`
	Fired     int     `json:"fired"`
	Coverage  float64 `json:"coverage"`
	Overlaps  int     `json:"overlaps"`
	Conflicts int     `json:"conflicts"`
	Correct   int     `json:"correct"`
	Precision float64 `json:"precision"`
}

// ItemError is one wrong decision: a miss (gold has it, prediction not) or
// a false alarm, with the rules and evidence that fired for that label.
type ItemError struct {
	ID       string             `json:"id"`
	Title    string             `json:"title"`
	Label    string             `json:"label"` // a label or "on_topic"
	Kind     string             `json:"kind"`  // "miss" or "false_alarm"
	Rules    []string           `json:"rules"`
	Evidence []govwire.Evidence `json:"evidence"`
}

// Prediction is what the rules decided for one gold item.
type Prediction struct {
	ID      string   `json:"id"`
	OnTopic bool     `json:"on_topic"`
	Labels  []string `json:"labels"`
	Rules   []string `json:"rules"` // ids of the counting (test or stable) rules that fired
}

// Report is the result of Evaluate.
type Report struct {
	Ruleset     string            `json:"ruleset"`
	Items       int               `json:"items"`
	OnTopic     Metric            `json:"on_topic"`
	Labels      map[string]Metric `json:"labels"`
	MicroF1     float64           `json:"micro_f1"`
	MacroF1     float64           `json:"macro_f1"`
	ExactMatch  float64           `json:"exact_match"`
	Rules       []RuleStat        `json:"rules"`
	Errors      []ItemError       `json:"errors"`
	Predictions []Prediction      `json:"predictions"`
}

// Evaluate classifies every gold item with e and measures the result.
func Evaluate(e *classify.Engine, gold []GoldItem) *Report {
	rep := &Report{Ruleset: e.Ruleset(), Items: len(gold), Labels: map[string]Metric{}}
	stats := map[string]*RuleStat{}
	rules := e.Rules()
	for _, r := range rules {
		stats[r.ID] = &RuleStat{Rule: r.ID, Label: r.Label, Status: r.Status}
	}
	var micro Metric
	exact := 0
	for _, g := range gold {
		c, hits := e.Explain(g.Document())
		rep.OnTopic.add(c.OnTopic, g.OnTopic)
		rep.addErrors(g, classify.LabelOnTopic, c.OnTopic, g.OnTopic, hits)
		goldSet := map[string]bool{}
		for _, l := range g.Labels {
			goldSet[l] = true
		}
		same := c.OnTopic == g.OnTopic
		for _, l := range govwire.Labels {
			m := rep.Labels[l]
			p := c.HasLabel(l)
			m.add(p, goldSet[l])
			micro.add(p, goldSet[l])
			rep.Labels[l] = m
			rep.addErrors(g, l, p, goldSet[l], hits)
			same = same && p == goldSet[l]
		}
		if same {
			exact++
		}
		pred := Prediction{ID: g.ID, OnTopic: c.OnTopic, Labels: c.Labels}
		for _, h := range hits {
			if h.Status == classify.StatusTest || h.Status == classify.StatusStable {
				pred.Rules = append(pred.Rules, h.Rule)
			}
		}
		rep.Predictions = append(rep.Predictions, pred)
		ruleStats(stats, hits, c, g, goldSet)
	}
	rep.OnTopic.finish()
	sum := 0.0
	for _, l := range govwire.Labels {
		m := rep.Labels[l]
		m.finish()
		rep.Labels[l] = m
		sum += m.F1
	}
	micro.finish()
	rep.MicroF1 = micro.F1
	rep.MacroF1 = sum / float64(len(govwire.Labels))
	rep.ExactMatch = ratio(exact, len(gold))
	for _, r := range rules {
		s := stats[r.ID]
		s.Coverage = ratio(s.Fired, len(gold))
		s.Precision = ratio(s.Correct, s.Fired)
		rep.Rules = append(rep.Rules, *s)
	}
	return rep
}

// ruleStats updates the per-rule analysis with one item.
func ruleStats(stats map[string]*RuleStat, hits []classify.RuleHit, c govwire.Classification, g GoldItem, goldSet map[string]bool) {
	for _, h := range hits {
		s := stats[h.Rule]
		s.Fired++
		positive := h.Score >= 0
		truth := goldSet[h.Label]
		if h.Label == classify.LabelOnTopic {
			truth = g.OnTopic
		}
		if positive == truth {
			s.Correct++
		}
		overlap, conflict := false, h.Label != classify.LabelOnTopic && positive && !c.OnTopic
		for _, o := range hits {
			if o.Rule == h.Rule || o.Label != h.Label {
				continue
			}
			if (o.Score >= 0) == positive {
				overlap = true
			} else {
				conflict = true
			}
		}
		if overlap {
			s.Overlaps++
		}
		if conflict {
			s.Conflicts++
		}
	}
}

// addErrors records a miss or false alarm for one decision.
func (rep *Report) addErrors(g GoldItem, label string, pred, gold bool, hits []classify.RuleHit) {
	if pred == gold {
		return
	}
	ie := ItemError{ID: g.ID, Title: g.Title, Label: label, Kind: "miss", Rules: []string{}, Evidence: []govwire.Evidence{}}
	if pred {
		ie.Kind = "false_alarm"
	}
	for _, h := range hits {
		if h.Label == label {
			ie.Rules = append(ie.Rules, h.Rule)
			ie.Evidence = append(ie.Evidence, h.Evidence...)
		}
	}
	rep.Errors = append(rep.Errors, ie)
	sort.SliceStable(rep.Errors, func(i, j int) bool { return rep.Errors[i].Label < rep.Errors[j].Label })
}
