package classify

import (
	"runtime/debug"
	"strings"
	"testing"

	"github.com/govwire/govwire"
)

// The budgets below guard the classifier's speed in `go test` without
// timing anything, so that they cannot flake on a shared machine: they
// count allocations and the matcher's work on a fixed set of documents.
// A change that makes them fail makes `govwire classify` slower; see
// docs/bench/classify.md before raising one.

// budgetDocs returns the fixed documents the budgets are checked on: 24
// varied ~5 KB articles (see variedDocs) and four of them four times as
// long, so that work growing with the length shows.
func budgetDocs(t *testing.T) []govwire.Document {
	t.Helper()
	docs := variedDocs(t, 24)
	for _, d := range docs[:4] {
		d.Text = strings.Repeat(d.Text, 4)
		docs = append(docs, d)
	}
	return docs
}

// allocsPerRun is testing.AllocsPerRun with the collector off (so that a
// pooled scratch is not dropped halfway and rebuilt) and the least of
// three tries (so that an allocation by another goroutine, which only adds,
// does not count).
func allocsPerRun(f func()) float64 {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	least := testing.AllocsPerRun(10, f)
	for range 2 {
		least = min(least, testing.AllocsPerRun(10, f))
	}
	return least
}

// TestAllocationBudget: once its buffers have grown, the scan (tokenising,
// folding, word codes, automaton, hit lists) and the rule stage allocate
// nothing per document; Classify allocates only its result (the scores
// map, labels, evidence and entities: a few allocations, plus one per
// money amount, whose value is formatted), however long the document.
func TestAllocationBudget(t *testing.T) {
	e, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	sc := e.pool.Get().(*scratch)
	defer e.release(sc)
	for i, d := range budgetDocs(t) {
		if n := allocsPerRun(func() { e.scan(sc, d); e.run(sc) }); n != 0 {
			t.Errorf("doc %d (%d bytes): scan and rules make %v allocations, want 0", i, len(d.Text), n)
		}
		if raceEnabled {
			continue // the pool drops scratch at random under -race
		}
		money := 0
		for _, en := range e.Classify(d).Entities {
			if en.Type == "money" {
				money++
			}
		}
		const fixed = 8 // scores map, labels, evidence, entities, and their growth
		if n, max := allocsPerRun(func() { e.Classify(d) }), float64(fixed+2*money); n > max {
			t.Errorf("doc %d (%d bytes, %d amounts): Classify makes %v allocations, budget %v", i, len(d.Text), money, n, max)
		}
	}
}

// TestWorkBudget bounds the matcher's work per word on the budget
// documents: nearly every word is read by the tokeniser's ASCII fast path;
// the automaton takes few table probes per word code (it follows failure
// links at run time, so a badly built table or hash shows here); and the
// term-set hits appended per word stay within twice what the rules of
// December 2026 made (3.2 per word). New rules may raise the hits; if they
// pass the bound, see docs/bench/classify.md ("Budgets").
func TestWorkBudget(t *testing.T) {
	e, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	sc := e.pool.Get().(*scratch)
	defer e.release(sc)
	var words, slow, codes, probes, hits int
	for _, d := range budgetDocs(t) {
		e.scan(sc, d)
		e.encode(sc)
		words += len(sc.f.toks)
		slow += sc.f.slow
		for _, h := range sc.hits {
			hits += len(h)
		}
		s := uint32(0)
		for _, c := range sc.codes {
			if c == 0 {
				s = 0
				continue
			}
			codes++
			var n int
			s, n = e.ac.nextProbes(s, c)
			probes += n
		}
	}
	perWord := func(n int) float64 { return float64(n) / float64(words) }
	t.Logf("%d words: %.3f on the slow path, %.2f probes per code, %.2f hits per word", words, perWord(slow), float64(probes)/float64(codes), perWord(hits))
	if perWord(slow) > 0.02 {
		t.Errorf("%.1f%% of words take the tokeniser's slow path, budget 2%%", 100*perWord(slow))
	}
	if p := float64(probes) / float64(codes); p > 3 {
		t.Errorf("the automaton takes %.2f table probes per word code, budget 3", p)
	}
	if perWord(hits) > 6.4 {
		t.Errorf("%.2f term-set hits per word, budget 6.4: the rules' term sets overlap more than before", perWord(hits))
	}
}

// nextProbes is wordAC.next that also counts its table probes (one per
// slot read, one for the root's row).
func (a *wordAC) nextProbes(s uint32, c uint16) (uint32, int) {
	n := 0
	for s != 0 {
		key := s<<codeBits | uint32(c)
		for i := acHash(key) & a.mask; ; i = (i + 1) & a.mask {
			n++
			sl := a.edges[i]
			if sl.key == key {
				return sl.next, n
			}
			if sl.key == 0 {
				break
			}
		}
		s = a.fail[s]
	}
	return a.root[c], n + 1
}
