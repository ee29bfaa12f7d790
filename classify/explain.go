package classify

import "github.com/govwire/govwire"

// RuleHit is one rule that fired on a document, with its evidence,
// whether or not it changed the decision.
type RuleHit struct {
	Rule     string             `json:"rule"`
	Label    string             `json:"label"`
	Status   string             `json:"status"`
	Score    float64            `json:"score"`
	Evidence []govwire.Evidence `json:"evidence"`
}

// Explain classifies d and also returns every rule that fired, in rule id
// order, with its evidence: the raw material of eval and rules test.
func (e *Engine) Explain(d govwire.Document) (govwire.Classification, []RuleHit) {
	sc := e.pool.Get().(*scratch)
	defer e.release(sc)
	e.scan(sc, d)
	fired := e.run(sc)
	c := e.decide(sc, d, fired)
	hits := make([]RuleHit, 0, len(fired))
	for _, f := range fired {
		h := RuleHit{Rule: f.rule.id, Label: f.rule.label, Status: f.rule.status, Score: f.score}
		for i, sp := range f.spans {
			if i == maxEvidencePerRule {
				break
			}
			ev := e.spanEvidence(sc, d, sp)
			ev.Rule, ev.Label = f.rule.id, f.rule.label
			h.Evidence = append(h.Evidence, ev)
		}
		hits = append(hits, h)
	}
	return c, hits
}

// RuleInfo describes one rule of an Engine.
type RuleInfo struct {
	ID, Label, Status, Description, File string
	Version, Line                        int
	Weight                               float64
	MatchExamples                        int // the number of "match" examples written in the rule
}

// Rules lists the rules of e in id order.
func (e *Engine) Rules() []RuleInfo {
	out := make([]RuleInfo, len(e.rules))
	for i, r := range e.rules {
		out[i] = RuleInfo{ID: r.id, Label: r.label, Status: r.status, Description: r.description, File: r.file,
			Version: r.version, Line: r.line, Weight: r.weight, MatchExamples: len(r.examples.Match)}
	}
	return out
}

// SettableLabels lists, in order, the decisions the rules of e can set:
// LabelOnTopic (the topic gate can open) and each label that has a
// counting rule (status test or stable) with a positive weight.
func (e *Engine) SettableLabels() []string {
	var out []string
	for _, l := range append([]string{LabelOnTopic}, govwire.Labels...) {
		for _, r := range e.rules {
			if r.label == l && r.active() && r.weight > 0 {
				out = append(out, l)
				break
			}
		}
	}
	return out
}
