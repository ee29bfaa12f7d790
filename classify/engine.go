package classify

import (
	"sync"
	"time"

	ahocorasick "github.com/BobuSumisu/aho-corasick"

	"github.com/govwire/govwire"
)

// Engine is a compiled rule set. It is safe for concurrent use.
type Engine struct {
	rules    []*rule // sorted by id
	trie     *ahocorasick.Trie
	patterns []pattern
	texts    []string   // folded pattern texts, by pattern id
	vocab    *wordTable // word codes of every word of every pattern
	nsets    int
	ruleset  string
	pool     sync.Pool
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
	hits    [][]span
	touched []int32
	ents    []entHit
	pub     time.Time
	arena   []span
	codes   []byte  // the document as word codes
	unitTok []int32 // token index of each 2-byte code unit; -1 for a barrier
}

func (e *Engine) initPool() {
	e.pool.New = func() any { return &scratch{hits: make([][]span, e.nsets)} }
}

func (sc *scratch) reset() {
	sc.f.reset()
	for _, s := range sc.touched {
		sc.hits[s] = sc.hits[s][:0]
	}
	sc.touched = sc.touched[:0]
	sc.ents = sc.ents[:0]
	sc.arena = sc.arena[:0]
}

// scan tokenises d and runs the automaton once over both fields.
func (e *Engine) scan(sc *scratch, d govwire.Document) {
	sc.reset()
	sc.pub = d.Published
	sc.f.add(d.Title, fieldTitle)
	sc.f.add(d.Text, fieldText)
	e.encode(sc)
	e.walk(sc, func(pat, a int) {
		p := &e.patterns[pat]
		sp := span{int32(a), int32(a + p.ntok)}
		for _, s := range p.sets {
			if len(sc.hits[s]) == 0 {
				sc.touched = append(sc.touched, s)
			}
			sc.hits[s] = append(sc.hits[s], sp)
		}
		for i := range p.ents {
			if validAt(&p.ents[i], sc.pub) {
				sc.ents = append(sc.ents, entHit{ref: &p.ents[i], span: sp})
			}
		}
	})
}

// encode writes the document's words as word codes, with a barrier at
// every sentence boundary so that no phrase matches across one.
func (e *Engine) encode(sc *scratch) {
	sc.codes, sc.unitTok = sc.codes[:0], sc.unitTok[:0]
	toks := sc.f.toks
	for k := range toks {
		if k > 0 && toks[k].sent != toks[k-1].sent {
			sc.codes = append(sc.codes, codeHigh(0), codeLow(0))
			sc.unitTok = append(sc.unitTok, -1)
		}
		c := e.vocab.code(sc.f.word(k))
		sc.codes = append(sc.codes, codeHigh(c), codeLow(c))
		sc.unitTok = append(sc.unitTok, int32(k))
	}
}

// walk runs the automaton over the encoded document and calls fn with each
// match: the pattern and the index of its first token. Matches overlap.
func (e *Engine) walk(sc *scratch, fn func(pat, first int)) {
	e.trie.Walk(sc.codes, func(end, n, pat int64) bool {
		fn(int(pat), int(sc.unitTok[(end-n+1)/2]))
		return true
	})
}

// tokenAt returns the index of the token whose folded form starts at off.
func tokenAt(toks []token, off int32) int {
	lo, hi := 0, len(toks)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if toks[m].fold < off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
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
func (e *Engine) run(sc *scratch) []firing {
	var out []firing
	for _, r := range e.rules {
		if r.status == StatusDeprecated {
			continue
		}
		if f, ok := e.fire(sc, r); ok {
			out = append(out, f)
		}
	}
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
	n := 0
	seen := map[int32]bool{}
	for _, sp := range spans {
		s := sc.f.toks[sp.a].sent
		if !seen[s] {
			seen[s] = true
			n++
		}
	}
	return n
}
