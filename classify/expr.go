package classify

import (
	"cmp"
	"math"
	"slices"
)

// result is the value of an expression on one document.
type result struct {
	ok    bool
	score float64
	spans []span
}

// eval evaluates n on the scanned document, counting only term hits that
// start inside scope.
func (e *Engine) eval(sc *scratch, n *node, scope uint8) result {
	var r result
	switch n.kind {
	case nodeTerms:
		hits := sc.hits[n.set]
		if scope == scopeAll && !hasCtx(n) && !n.caps && !n.notName {
			return result{ok: len(hits) > 0, score: n.weight, spans: hits}
		}
		r.spans = sc.alloc(len(hits))
		for _, sp := range hits {
			if !e.inScope(sc, sp, scope) {
				if t := sc.f.toks[sp.a]; scope&scopeBody == 0 && t.field == fieldText && !t.lead {
					break // past the lead, and hits come in text order: none later is in scope
				}
				continue
			}
			if (!n.caps || sc.capitalized(sp)) && (!n.notName || !sc.inName(sp)) && !e.cancelled(sc, n, sp) {
				r.spans = append(r.spans, sp)
			}
		}
		r.ok = len(r.spans) > 0
	case nodeAny:
		var buf [8]result
		kids, total := buf[:0], 0
		for _, k := range n.kids {
			if kr := e.eval(sc, k, scope); kr.ok {
				kids = append(kids, kr)
				total += len(kr.spans)
			}
		}
		if len(kids) == 0 {
			return r
		}
		r.ok, r.spans = true, sc.alloc(total)
		for _, kr := range kids {
			r.score += kr.score
			r.spans = append(r.spans, kr.spans...)
		}
		r.spans = e.filter(sc, n, r.spans)
		r.ok = len(r.spans) > 0 || !hasCtx(n)
		return r
	case nodeAll:
		if !sc.hasHits(n.needs) {
			return r
		}
		var buf [8]result
		kids, total := buf[:0], 0
		for _, k := range n.kids {
			kr := e.eval(sc, k, scope)
			if !kr.ok {
				return result{}
			}
			kids = append(kids, kr)
			total += len(kr.spans)
		}
		r.ok, r.spans = true, sc.alloc(total)
		for _, kr := range kids {
			r.score += kr.score
			r.spans = append(r.spans, kr.spans...)
		}
		return r
	case nodeNone:
		for _, k := range n.kids {
			if e.eval(sc, k, scope).ok {
				return result{}
			}
		}
		return result{ok: true, score: n.weight}
	case nodeNear:
		if !sc.hasHits(n.needs) {
			return r
		}
		a := e.eval(sc, n.kids[0], scope)
		if !a.ok {
			return result{}
		}
		b := e.eval(sc, n.kids[1], scope)
		if !b.ok {
			return result{}
		}
		sortByEnd(sc, b.spans) // b's own slice: only term hits are shared, and they are sorted
		r.spans = sc.alloc(len(a.spans))
		for _, x := range a.spans {
			if sp, ok := e.nearest(sc, n, x, b.spans); ok && !e.cancelled(sc, n, sp) {
				r.spans = append(r.spans, sp)
			}
		}
		r.ok = len(r.spans) > 0
	}
	if r.ok {
		r.score = n.weight
	}
	return r
}

// hasHits reports whether every term set of sets has a hit in the
// document (in any field: a necessary condition, not a sufficient one).
func (sc *scratch) hasHits(sets []int32) bool {
	for _, s := range sets {
		if len(sc.hits[s]) == 0 {
			return false
		}
	}
	return true
}

func hasCtx(n *node) bool { return len(n.before)+len(n.after)+len(n.around) > 0 }

// filter drops the spans an any-node's own exceptions cancel.
func (e *Engine) filter(sc *scratch, n *node, spans []span) []span {
	if !hasCtx(n) {
		return spans
	}
	out := spans[:0]
	for _, sp := range spans {
		if !e.cancelled(sc, n, sp) {
			out = append(out, sp)
		}
	}
	return out
}

// nearest finds the span of bs closest to x that satisfies n's distance,
// order and sentence constraints; ties go to the earlier span. It returns
// the span covering both.
func (e *Engine) nearest(sc *scratch, n *node, x span, bs []span) (span, bool) {
	best, bestGap := span{}, int32(-1)
	// bs is sorted by end: only spans ending in this window can be near.
	lo, hi := x.a-int32(n.within), x.b+int32(n.within)+maxPhraseTokens
	if n.inside {
		hi = math.MaxInt32 // a joined span holding x may end anywhere after it
	}
	i := firstEndingFrom(bs, lo)
	for ; i < len(bs) && bs[i].b <= hi; i++ {
		y := bs[i]
		var gap int32
		switch {
		case y.a >= x.b:
			gap = y.a - x.b
		case !n.ordered && y.b <= x.a:
			gap = x.a - y.b
		case n.inside && (strictlyInside(y, x) || strictlyInside(x, y)):
			gap = 0
		default:
			continue // overlapping, or out of order
		}
		if gap > int32(n.within) || (bestGap >= 0 && gap >= bestGap) {
			continue
		}
		if !n.cross && !e.sameSentence(sc, x, y) && (!n.para || !e.sameParagraph(sc, x, y)) {
			continue
		}
		best, bestGap = span{min(x.a, y.a), max(x.b, y.b)}, gap
	}
	return best, bestGap >= 0
}

// strictlyInside reports whether y lies within x and touches neither of its
// ends, so that it cannot be one of the hits that x joins.
func strictlyInside(y, x span) bool { return y.a > x.a && y.b < x.b }

// firstEndingFrom returns the index of the first span of bs (sorted by
// end) that ends at or after t.
func firstEndingFrom(bs []span, t int32) int {
	lo, hi := 0, len(bs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if bs[m].b < t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

func (e *Engine) sameSentence(sc *scratch, x, y span) bool {
	t := sc.f.toks
	return t[x.a].sent == t[y.a].sent && t[x.b-1].sent == t[y.b-1].sent
}

// sameParagraph reports whether x and y lie in one paragraph (the title is
// a paragraph of its own).
func (e *Engine) sameParagraph(sc *scratch, x, y span) bool {
	t, p := sc.f.toks, sc.f.paras
	return p[t[x.a].sent] == p[t[y.a].sent] && p[t[x.b-1].sent] == p[t[y.b-1].sent]
}

// inScope reports whether sp starts inside scope.
func (e *Engine) inScope(sc *scratch, sp span, scope uint8) bool {
	if scope == scopeAll {
		return true
	}
	t := sc.f.toks[sp.a]
	switch {
	case t.field == fieldTitle:
		return scope&scopeTitle != 0
	case scope&scopeBody != 0:
		return true
	default:
		return t.lead && scope&scopeLead != 0
	}
}

// cancelled reports whether one of n's exceptions occurs around sp in the
// same sentence.
func (e *Engine) cancelled(sc *scratch, n *node, sp span) bool {
	for i := range n.before {
		if e.ctxHit(sc, &n.before[i], sp, true, false) {
			return true
		}
	}
	for i := range n.after {
		if e.ctxHit(sc, &n.after[i], sp, false, true) {
			return true
		}
	}
	for i := range n.around {
		if e.ctxHit(sc, &n.around[i], sp, true, true) {
			return true
		}
	}
	return false
}

func (e *Engine) ctxHit(sc *scratch, c *ctxCheck, sp span, before, after bool) bool {
	t := sc.f.toks
	hits := sc.hits[c.set]
	// hits come in the order the automaton found them: by end token.
	lo := int32(0)
	if before {
		lo = sp.a - int32(c.within)
	} else {
		lo = sp.b
	}
	i := firstEndingFrom(hits, lo)
	for ; i < len(hits); i++ {
		h := hits[i]
		switch {
		case before && h.b <= sp.a && sp.a-h.b <= int32(c.within):
			if t[h.a].sent == t[sp.a].sent && (!c.lower || !sc.midCapital(h)) {
				return true
			}
		case after && h.a >= sp.b && h.a-sp.b <= int32(c.within):
			if t[h.a].sent == t[sp.b-1].sent && (!c.lower || !sc.midCapital(h)) {
				return true
			}
		}
		if (!after && h.b > sp.a) || h.b > sp.b+int32(c.within)+c.maxTok {
			break // sorted by end: no later hit can be in range
		}
	}
	return false
}

// maxPhraseTokens bounds how far past a hit a context phrase can end.
const maxPhraseTokens = 16

// alloc returns an empty span slice with room for n spans, for one
// result. The slices of one document are carved from a few reused chunks:
// a result that outgrows its slice moves to fresh memory, never over
// another's.
func (sc *scratch) alloc(n int) []span {
	if cap(sc.arena)-len(sc.arena) < n {
		sc.nextChunk(n)
	}
	l := len(sc.arena)
	s := sc.arena[l : l : l+n]
	sc.arena = sc.arena[:l+n]
	return s
}

// nextChunk makes sc.arena a reused or new chunk with room for n spans.
func (sc *scratch) nextChunk(n int) {
	for sc.chunk++; sc.chunk < len(sc.chunks); sc.chunk++ {
		if cap(sc.chunks[sc.chunk]) >= n {
			sc.arena = sc.chunks[sc.chunk][:0]
			return
		}
	}
	sc.arena = make([]span, 0, max(chunkSpans, n))
	sc.chunks = append(sc.chunks, sc.arena)
	sc.chunk = len(sc.chunks) - 1
}

// chunkSpans is the size of one chunk of the span arena.
const chunkSpans = 1024

// sortByEnd sorts spans by end token, then start, unless they already
// are. Equal spans are identical, so any sort gives the one result; this
// one sorts packed keys, which compare without a function call.
func sortByEnd(sc *scratch, spans []span) {
	sorted := true
	for i := 1; i < len(spans) && sorted; i++ {
		sorted = byEnd(spans[i-1], spans[i]) <= 0
	}
	if sorted {
		return
	}
	keys := sc.keys[:0]
	for _, sp := range spans {
		keys = append(keys, uint64(uint32(sp.b))<<32|uint64(uint32(sp.a)))
	}
	slices.Sort(keys)
	for i, k := range keys {
		spans[i] = span{a: int32(uint32(k)), b: int32(k >> 32)}
	}
	sc.keys = keys
}

// byEnd orders spans by end token, then start.
func byEnd(x, y span) int { return cmp.Or(cmp.Compare(x.b, y.b), cmp.Compare(x.a, y.a)) }
