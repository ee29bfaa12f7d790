package classify

import (
	"strings"
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
	codes   []uint16         // the document as word codes, for MayBeOnTopic and tests (see encode)
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
	sc.f.titleToks = 0
	if startsWithLine(d.Text, d.Title) {
		sc.f.titleToks = len(sc.f.toks)
	}
	sc.f.add(d.Text, fieldText)
	e.match(sc)
}

// startsWithLine reports whether text begins (after white space) with
// title on a line of its own, as pages and feeds often repeat the headline
// above the story.
func startsWithLine(text, title string) bool {
	title = strings.TrimSpace(title)
	text = strings.TrimLeft(text, " \t\r\n")
	if title == "" || len(text) <= len(title) || !strings.EqualFold(text[:len(title)], title) {
		return false
	}
	rest := strings.TrimLeft(text[len(title):], " \t")
	return rest == "" || rest[0] == '\n' || rest[0] == '\r'
}

// match runs the automaton over the document's tokens and records every
// match in the hit lists of the pattern's term sets and as gazetteer hits.
// A word no pattern uses (code 0) and the start of a sentence send the
// automaton back to its root, so a pattern of n words that ends at token
// k starts at token k-n+1. The walk is written out here, not behind a
// callback: it runs once per token and once per match.
func (e *Engine) match(sc *scratch) {
	pats, ac, emits, sets := e.patterns, e.ac, e.emits, e.emitSets
	s, sent := uint32(0), int32(0)
	for k := range sc.f.toks {
		t := &sc.f.toks[k]
		if t.code == 0 {
			s = 0
			continue
		}
		if t.sent != sent {
			s, sent = 0, t.sent
		}
		if s = ac.next(s, t.code); s < ac.firstOut {
			continue
		}
		for j, end := ac.outOff[s], ac.outOff[s+1]; j < end; j++ {
			em := &emits[j]
			a := int32(k) - em.ntok + 1
			sp := span{a, a + em.ntok}
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

// encode writes the tokenised document as the codes an automaton walk
// reads (sc.codes; sc.unitTok holds each code's token): a word no pattern
// uses sends the automaton back to its root, as does a sentence boundary
// (so that no phrase matches across one), so a run of them is written as
// one code 0, whose token is -1 if the run starts at a sentence boundary.
// The matcher reads the tokens themselves (see match); MayBeOnTopic and
// the tests read these.
func (e *Engine) encode(sc *scratch) {
	codes, unitTok := sc.codes[:0], sc.unitTok[:0]
	zero := true
	for k := range sc.f.toks {
		t := &sc.f.toks[k]
		if k > 0 && t.sent != sc.f.toks[k-1].sent && !zero {
			codes, unitTok, zero = append(codes, 0), append(unitTok, -1), true
		}
		if t.code == 0 {
			if !zero {
				codes, unitTok, zero = append(codes, 0), append(unitTok, int32(k)), true
			}
			continue
		}
		codes, unitTok, zero = append(codes, t.code), append(unitTok, int32(k)), false
	}
	sc.codes, sc.unitTok = codes, unitTok
}

// walk encodes the scanned document and runs the automaton over it with
// wordAC.walk, calling fn with each match: the pattern and the index of
// its first token. Matches overlap. It is the reference match is tested
// against.
func (e *Engine) walk(sc *scratch, fn func(pat, first int)) {
	e.encode(sc)
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
