package classify

import (
	"sync"
	"time"

	"github.com/govwire/govwire"
)

// Engine is a compiled rule set. It is safe for concurrent use.
type Engine struct {
	rules    []*rule // sorted by id
	ac       *wordAC // the automaton over word codes
	emits    []emission
	emitSets []int32
	patterns []pattern
	texts    []string   // folded pattern texts, by pattern id
	vocab    *wordTable // word codes of every word of every pattern
	nsets    int
	ruleset  string
	pool     sync.Pool
	gate     gatePatterns // MayBeOnTopic's patterns (prefilter.go)
}

var _ govwire.Classifier = (*Engine)(nil)

// Ruleset returns the hash of the rule files, stamped on every result.
func (e *Engine) Ruleset() string { return e.ruleset }

// Version returns the rule-set version: the same as Ruleset.
func (e *Engine) Version() string { return e.ruleset }

// span is a run of tokens [a, b).
type span struct{ a, b int32 }

// entHit is a gazetteer match.
type entHit struct {
	ref  *entRef
	span span
}

// scratch is the per-call working memory, pooled.
type scratch struct {
	f       folder
	hits    [][]span // each term set's hits; reset emptied them all
	ents    []entHit
	pub     time.Time
	fields  [2]string        // the document's title and text, for checks on the original spelling
	arena   []span           // the current chunk of chunks
	chunks  [][]span         // the span arena's chunks, reused from one call to the next
	chunk   int              // the index of arena in chunks
	fired   []firing         // the rules that fired, reused
	sents   []uint64         // scratch for sentences: a bit per sentence
	keys    []uint64         // scratch for sortByEnd
	entBuf  []govwire.Entity // entities before the overlap filter, reused
	codes   []uint16         // the document as word codes
	unitTok []int32          // token index of each code; -1 for a barrier
}

func (e *Engine) initPool() {
	e.pool.New = func() any { return &scratch{hits: make([][]span, e.nsets), f: folder{vocab: e.vocab}} }
}

// release returns sc to the pool without the document it last held.
func (e *Engine) release(sc *scratch) {
	sc.fields = [2]string{}
	e.pool.Put(sc)
}

func (sc *scratch) reset() {
	sc.f.reset()
	for s := range sc.hits {
		sc.hits[s] = sc.hits[s][:0]
	}
	sc.ents = sc.ents[:0]
	sc.chunk = 0
	if len(sc.chunks) == 0 {
		sc.chunks = append(sc.chunks, make([]span, 0, chunkSpans))
	}
	sc.arena = sc.chunks[0][:0]
}

// scan tokenises d and runs the automaton once over both fields.
func (e *Engine) scan(sc *scratch, d govwire.Document) {
	sc.reset()
	sc.pub = d.Published
	sc.fields = [2]string{d.Title, d.Text}
	sc.f.add(d.Title, fieldTitle)
	sc.f.add(d.Text, fieldText)
	e.encode(sc)
	e.match(sc)
}

// match runs the automaton over the encoded document and records every
// match in the hit lists of the pattern's term sets and as gazetteer hits.
// The walk is written out here, not behind a callback: it runs once per
// code and once per match.
func (e *Engine) match(sc *scratch) {
	pats, unitTok, ac, emits, sets := e.patterns, sc.unitTok, e.ac, e.emits, e.emitSets
	s := uint32(0)
	for i, c := range sc.codes {
		if c == 0 {
			s = 0
			continue
		}
		s = ac.next(s, c)
		for j, end := ac.outOff[s], ac.outOff[s+1]; j < end; j++ {
			em := &emits[j]
			a := unitTok[i-int(em.ntok)+1]
			sp := span{a, a + int32(em.ntok)}
			for _, set := range sets[em.setA:em.setB] {
				sc.hits[set] = append(sc.hits[set], sp)
			}
			if em.ents {
				sc.entities(&pats[em.pat], sp)
			}
		}
	}
}

// entities records the gazetteer entries p names, valid at the document's
// date, as matched at sp.
func (sc *scratch) entities(p *pattern, sp span) {
	for i := range p.ents {
		if validAt(&p.ents[i], sc.pub) {
			sc.ents = append(sc.ents, entHit{ref: &p.ents[i], span: sp})
		}
	}
}

// encode makes the codes the folder wrote as it read the document (see
// folder.encode) the ones the automaton walks.
func (e *Engine) encode(sc *scratch) {
	sc.codes, sc.unitTok = sc.f.codes, sc.f.unitTok
}

// walk runs the automaton over the encoded document and calls fn with each
// match: the pattern and the index of its first token. Matches overlap.
func (e *Engine) walk(sc *scratch, fn func(pat, first int)) {
	e.ac.walk(sc.codes, func(end int, pat int32) {
		fn(int(pat), int(sc.unitTok[end-e.patterns[pat].ntok+1]))
	})
}

// validAt reports whether a gazetteer entry applies to a document
// published at t (zero t: always).
func validAt(r *entRef, t time.Time) bool {
	if t.IsZero() {
		return true
	}
	if !r.from.IsZero() && t.Before(r.from) {
		return false
	}
	if !r.to.IsZero() && t.After(r.to.Add(24*time.Hour-time.Nanosecond)) {
		return false
	}
	return true
}

// firing is one rule that fired on a document.
type firing struct {
	rule  *rule
	score float64
	spans []span
}

// run evaluates every non-deprecated rule on the scanned document.
// The slice is sc's, valid until sc is reset.
func (e *Engine) run(sc *scratch) []firing {
	out := sc.fired[:0]
	for _, r := range e.rules {
		if r.status == StatusDeprecated {
			continue
		}
		if f, ok := e.fire(sc, r); ok {
			out = append(out, f)
		}
	}
	sc.fired = out
	return out
}

// fire evaluates one rule.
func (e *Engine) fire(sc *scratch, r *rule) (firing, bool) {
	res := e.eval(sc, r.match, r.scope)
	if !res.ok || res.score < r.threshold || (r.minHits > 1 && sentences(sc, res.spans) < r.minHits) {
		return firing{}, false
	}
	if r.unless != nil && e.eval(sc, r.unless, scopeAll).ok {
		return firing{}, false
	}
	best := e.fieldWeight(sc, r, res.spans)
	return firing{rule: r, score: r.weight * best, spans: res.spans}, true
}

// fieldWeight returns the weight of the narrowest region in which r fires
// on its own: the title, the title and lead, or the whole document. Only
// regions that hold one of the full match's spans are tried.
func (e *Engine) fieldWeight(sc *scratch, r *rule, spans []span) float64 {
	fw := r.fieldWeight
	if fw[0] == fw[1] && fw[1] == fw[2] {
		return fw[0]
	}
	inTitle, inLead := false, false
	for _, sp := range spans {
		switch e.region(sc, sp) {
		case 0:
			inTitle = true
		case 1:
			inLead = true
		}
	}
	fires := func(scope uint8) bool {
		if scope == 0 {
			return false
		}
		res := e.eval(sc, r.match, scope)
		return res.ok && res.score >= r.threshold
	}
	switch {
	case inTitle && fires(r.scope&scopeTitle):
		return fw[0]
	case (inTitle || inLead) && fires(r.scope&(scopeTitle|scopeLead)):
		return fw[1]
	}
	return fw[2]
}

// region returns 0 title, 1 lead, 2 rest of the body for a span.
func (e *Engine) region(sc *scratch, sp span) int {
	t := sc.f.toks[sp.a]
	switch {
	case t.field == fieldTitle:
		return 0
	case t.lead:
		return 1
	}
	return 2
}

// sentences counts the distinct sentences spans start in.
func sentences(sc *scratch, spans []span) int {
	words := int(sc.f.sent)/64 + 1
	if cap(sc.sents) < words {
		sc.sents = make([]uint64, words)
	}
	seen := sc.sents[:words]
	clear(seen)
	n := 0
	for _, sp := range spans {
		s := sc.f.toks[sp.a].sent
		if bit := uint64(1) << (s & 63); seen[s>>6]&bit == 0 {
			seen[s>>6] |= bit
			n++
		}
	}
	return n
}
