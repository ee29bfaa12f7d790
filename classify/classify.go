package classify

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/govwire/govwire"
)

// Score thresholds: the topic gate opens, and a label is set, at a score
// of 1 or more. A label's score is the sum of its rules' contributions; the
// gate's is the largest contribution of its positive rules plus its
// negative ones, so that several rules seeing one passing mention do not
// add up to a story.
const (
	gateThreshold  = 1.0
	labelThreshold = 1.0
)

// maxEvidencePerRule bounds the spans reported for one rule.
const maxEvidencePerRule = 3

// Classify decides whether d is on topic and which labels it carries, with
// the evidence. Off-topic documents get no labels.
func (e *Engine) Classify(d govwire.Document) govwire.Classification {
	sc := e.pool.Get().(*scratch)
	defer e.release(sc)
	e.scan(sc, d)
	return e.decide(sc, d, e.run(sc))
}

// decide turns the rules that fired into a Classification.
func (e *Engine) decide(sc *scratch, d govwire.Document, fired []firing) govwire.Classification {
	scores := map[string]float64{LabelOnTopic: 0}
	for _, l := range govwire.Labels {
		scores[l] = 0
	}
	gate := 0.0
	for _, f := range fired {
		switch {
		case !f.rule.active():
		case f.rule.label == LabelOnTopic && f.score > 0:
			gate = max(gate, f.score)
		default:
			scores[f.rule.label] += f.score
		}
	}
	scores[LabelOnTopic] += gate
	for k, v := range scores {
		scores[k] = math.Round(v*1000) / 1000
	}
	c := govwire.Classification{Scores: scores, Ruleset: e.ruleset, Labels: []string{}}
	c.OnTopic = scores[LabelOnTopic] >= gateThreshold
	if c.OnTopic {
		for _, l := range govwire.Labels {
			if scores[l] >= labelThreshold {
				c.Labels = append(c.Labels, l)
			}
		}
		sort.Strings(c.Labels)
	}
	c.Evidence = e.evidence(sc, d, fired, c)
	c.Entities = e.entities(sc, d)
	return c
}

// evidence lists the spans of the active rules behind the decision: the
// gate rules, and the rules of the labels that were set.
func (e *Engine) evidence(sc *scratch, d govwire.Document, fired []firing, c govwire.Classification) []govwire.Evidence {
	shown := func(f *firing) bool {
		return f.rule.active() && f.score > 0 && (f.rule.label == LabelOnTopic || c.HasLabel(f.rule.label))
	}
	n := 0
	for i := range fired {
		if shown(&fired[i]) {
			n += min(len(fired[i].spans), maxEvidencePerRule)
		}
	}
	out := make([]govwire.Evidence, 0, n)
	for i := range fired {
		f := &fired[i]
		if !shown(f) {
			continue
		}
		for i, sp := range f.spans {
			if i == maxEvidencePerRule {
				break
			}
			ev := e.spanEvidence(sc, d, sp)
			ev.Rule, ev.Label = f.rule.id, f.rule.label
			out = append(out, ev)
		}
	}
	slices.SortStableFunc(out, compareEvidence)
	return slices.CompactFunc(out, func(a, b govwire.Evidence) bool { return a == b })
}

// compareEvidence orders evidence by label, rule, field (title first),
// start and end, comparing only as far as needed.
func compareEvidence(a, b govwire.Evidence) int {
	if c := strings.Compare(a.Label, b.Label); c != 0 {
		return c
	}
	if c := strings.Compare(a.Rule, b.Rule); c != 0 {
		return c
	}
	if c := strings.Compare(a.Field, b.Field); c != 0 {
		return -c
	}
	return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
}

// spanEvidence maps a token span back to byte offsets in its field; a span
// that crosses from title to text is cut at the end of the title.
func (e *Engine) spanEvidence(sc *scratch, d govwire.Document, sp span) govwire.Evidence {
	toks := sc.f.toks
	first := toks[sp.a]
	last := sp.b - 1
	for last > sp.a && toks[last].field != first.field {
		last--
	}
	field, src := "text", d.Text
	if first.field == fieldTitle {
		field, src = "title", d.Title
	}
	start, end := int(first.start), int(toks[last].end)
	return govwire.Evidence{Field: field, Start: start, End: end, Text: src[start:end]}
}
