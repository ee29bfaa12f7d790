package classify

import "sync"

// A document is on topic only when one of the on_topic rules fires, and a
// rule fires only when some of its terms occur (a rule whose expression
// can hold with no term at all, such as a bare none:, is the exception
// and turns the pre-filter off). MayBeOnTopic uses that: it runs the
// engine's own word automaton over the text and stops at the first
// pattern that one of those rules needs. It never says false for a text
// that Classify would find on topic, and is several times cheaper: no rule
// is evaluated, and no span, evidence or entity is collected.
//
// What a rule needs is read from its match and from its unless: (an
// "unless: {none: [X]}" fires only where X holds, so X's terms are needed
// too). Only rules that can open the gate on their own count: active ones
// whose weight times their best field weight reaches the gate threshold
// (the gate is the best positive rule's score plus the negative ones).
// Sentence breaks do not stop a phrase here: the text of a raw page breaks
// lines where the article's text does not.

// need is a condition on which term sets have a hit: a term set, all or
// any of its kids, or always true.
type need struct {
	kind byte // 't' term set, '&' all kids, '|' any kid, '1' true
	bit  int  // 't': the set's bit in the hit bitmap
	kids []*need
}

// holds evaluates n on the hit bitmap.
func (n *need) holds(hit []uint64) bool {
	switch n.kind {
	case 't':
		return hit[n.bit>>6]&(1<<(n.bit&63)) != 0
	case '&':
		for _, k := range n.kids {
			if !k.holds(hit) {
				return false
			}
		}
		return true
	case '|':
		for _, k := range n.kids {
			if k.holds(hit) {
				return true
			}
		}
		return false
	}
	return true
}

// gatePatterns is what MayBeOnTopic looks for, built once per Engine.
type gatePatterns struct {
	once  sync.Once
	all   bool    // some on_topic rule needs no term: every text may be on topic
	rules []*need // one per on_topic rule: the term sets it needs
	bits  int     // term sets in the conditions
	// emitBits[emitOff[j]:emitOff[j+1]] are the bits of emission j's sets.
	emitOff  []uint32
	emitBits []int32
}

// MayBeOnTopic reports whether text could be on topic: false means that
// Classify would find no title and text made of these words on topic, so
// a caller holding many pages (a web archive) may skip extracting and
// classifying it. The text need not be clean (markup-stripped HTML will
// do): phrases are matched on the same folded words as Classify, without
// fields, scopes, counts or contexts, so it errs only towards true.
func (e *Engine) MayBeOnTopic(text string) bool {
	g := e.gates()
	if g.all {
		return true
	}
	sc := e.pool.Get().(*scratch)
	defer e.release(sc)
	sc.reset()
	sc.f.add(text, fieldText)
	e.encode(sc)
	hit := make([]uint64, (g.bits+63)/64)
	s := uint32(0)
	for i, c := range sc.codes {
		if c == 0 {
			if sc.unitTok[i] >= 0 { // a word no pattern holds; -1 is a sentence break, kept open
				s = 0
			}
			continue
		}
		s = e.ac.next(s, c)
		for j, end := e.ac.outOff[s], e.ac.outOff[s+1]; j < end; j++ {
			for _, b := range g.emitBits[g.emitOff[j]:g.emitOff[j+1]] {
				hit[b>>6] |= 1 << (b & 63)
			}
		}
	}
	for _, r := range g.rules {
		if r.holds(hit) {
			return true
		}
	}
	return false
}

// gates builds (once) the conditions of the on_topic rules.
func (e *Engine) gates() *gatePatterns {
	g := &e.gate
	g.once.Do(func() {
		bit := map[int32]int{}
		for _, r := range e.rules {
			// Only an active rule that can score the gate threshold on its own can open the gate.
			if r.label != LabelOnTopic || !r.active() || r.match == nil || !canOpenGate(r) {
				continue
			}
			n := required(r.match, bit)
			if r.unless != nil {
				n = allOf(n, excluded(r.unless, bit))
			}
			if n.kind == '1' {
				g.all = true
				return
			}
			g.rules = append(g.rules, n)
		}
		g.bits = len(bit)
		g.emitOff = make([]uint32, len(e.emits)+1)
		for j := range e.emits {
			for _, s := range e.emitSets[e.emits[j].setA:e.emits[j].setB] {
				if b, ok := bit[s]; ok {
					g.emitBits = append(g.emitBits, int32(b))
				}
			}
			g.emitOff[j+1] = uint32(len(g.emitBits))
		}
	})
	return g
}

// required returns the condition on term-set hits without which n cannot
// hold, numbering the sets it names in bit.
func required(n *node, bit map[int32]int) *need {
	switch n.kind {
	case nodeTerms:
		b, ok := bit[n.set]
		if !ok {
			b = len(bit)
			bit[n.set] = b
		}
		return &need{kind: 't', bit: b}
	case nodeNone:
		return &need{kind: '1'}
	case nodeAny:
		return combine('|', n.kids, bit, required)
	}
	// nodeAll, nodeNear: every child must hold.
	return combine('&', n.kids, bit, required)
}

// excluded returns the condition on term-set hits without which n cannot
// fail to hold (a rule's unless: must not hold for the rule to fire). Only
// none: says something: it fails only when one of its kids holds.
func excluded(n *node, bit map[int32]int) *need {
	switch n.kind {
	case nodeNone:
		return combine('|', n.kids, bit, required)
	case nodeAny: // every kid must fail
		return combine('&', n.kids, bit, excluded)
	case nodeAll: // some kid must fail
		return combine('|', n.kids, bit, excluded)
	}
	return &need{kind: '1'} // a term or near: can fail with every term present
}

// combine is the condition that all ('&') or any ('|') of f's conditions
// on kids hold, with always-true conditions folded away.
func combine(kind byte, kids []*node, bit map[int32]int, f func(*node, map[int32]int) *need) *need {
	out := &need{kind: kind}
	for _, k := range kids {
		kn := f(k, bit)
		if kn.kind == '1' {
			if kind == '|' {
				return kn
			}
			continue
		}
		out.kids = append(out.kids, kn)
	}
	if len(out.kids) == 0 {
		return &need{kind: '1'}
	}
	return out
}

// canOpenGate reports whether r alone can open the topic gate: its weight
// times one of its field weights reaches the threshold (as decide rounds
// it).
func canOpenGate(r *rule) bool {
	for _, fw := range r.fieldWeight {
		if r.weight*fw >= gateThreshold-0.0005 {
			return true
		}
	}
	return false
}

// allOf is the condition that both a and b hold.
func allOf(a, b *need) *need {
	switch {
	case a.kind == '1':
		return b
	case b.kind == '1':
		return a
	}
	return &need{kind: '&', kids: []*need{a, b}}
}
