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
	for _, c := range sc.codes {
		if c == 0 {
			s = 0
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
			// Only a rule that adds a positive score can open the gate.
			if r.label != LabelOnTopic || r.status == StatusDeprecated || r.match == nil || !canScore(r) {
				continue
			}
			n := required(r.match, bit)
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
		out := &need{kind: '|'}
		for _, k := range n.kids {
			kn := required(k, bit)
			if kn.kind == '1' {
				return kn
			}
			out.kids = append(out.kids, kn)
		}
		if len(out.kids) == 0 {
			return &need{kind: '1'}
		}
		return out
	}
	// nodeAll, nodeNear: every child must hold.
	out := &need{kind: '&'}
	for _, k := range n.kids {
		if kn := required(k, bit); kn.kind != '1' {
			out.kids = append(out.kids, kn)
		}
	}
	if len(out.kids) == 0 {
		return &need{kind: '1'}
	}
	return out
}

// canScore reports whether r can add a positive score: its weight times
// one of its field weights is above zero.
func canScore(r *rule) bool {
	for _, fw := range r.fieldWeight {
		if r.weight*fw > 0 {
			return true
		}
	}
	return false
}
