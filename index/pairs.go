package index

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Word pairs make phrase queries over the article text cheap. A phrase
// searcher finds every document holding all of the phrase's words and then
// decodes their positions to see whether they are adjacent: with common
// words that is tens of thousands of documents per query, and it was half
// of the CPU of the unique query mix. The text is therefore also indexed
// in the field text_pairs, whose terms are the pairs of adjacent words of
// the text as the English analyzer leaves them ("bid protest" from "bid
// protests", after stemming and stop words), one term per pair of tokens
// at consecutive positions.
//
// A phrase of two words with no gap (no stop word in between) then matches
// exactly the documents holding its pair term. It is run as the pair term
// (boost 0: it scores nothing) AND its two words (scored as the phrase
// scores them, without reading positions), so that totals, hits and scores
// are those of the phrase. A longer gap-free phrase adds its pair terms to
// the phrase itself, which is then checked only where all its pairs occur.
// Phrases with gaps, and indexes built before the pairs (no pairsKey mark),
// run the plain phrase. Snippets always come from the plain query.

const (
	fieldTextPairs   = "text_pairs"
	pairAnalyzerName = "govwire_en_pairs"
)

// pairsKey marks an index whose every document carries text_pairs.
var pairsKey = []byte("govwire_pairs_v1")

func init() {
	if err := registry.RegisterAnalyzer(pairAnalyzerName, newPairAnalyzer); err != nil {
		panic(fmt.Sprintf("index: register %s: %v", pairAnalyzerName, err))
	}
}

// pairAnalyzer emits the adjacent pairs of the English analyzer's tokens.
type pairAnalyzer struct{ words analysis.Analyzer }

func newPairAnalyzer(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
	words, err := cache.AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		return nil, fmt.Errorf("pair analyzer: %w", err)
	}
	return &pairAnalyzer{words: words}, nil
}

// Analyze returns one token per pair of tokens at consecutive positions.
func (a *pairAnalyzer) Analyze(text []byte) analysis.TokenStream {
	toks := a.words.Analyze(text)
	out := make(analysis.TokenStream, 0, len(toks))
	for i := 1; i < len(toks); i++ {
		p, t := toks[i-1], toks[i]
		if t.Position != p.Position+1 {
			continue
		}
		out = append(out, &analysis.Token{
			Term:     pairTerm(p.Term, t.Term),
			Start:    p.Start,
			End:      t.End,
			Position: len(out) + 1,
			Type:     analysis.AlphaNumeric,
		})
	}
	return out
}

// pairTerm is the term of the pair a b: the tokenizer never leaves a space
// inside a token, so the pair is unambiguous.
func pairTerm(a, b []byte) []byte {
	return bytes.Join([][]byte{a, b}, []byte{' '})
}

// textWords is the English analyzer the text field is indexed with.
var textWords = sync.OnceValues(func() (analysis.Analyzer, error) {
	a := newMapping().AnalyzerNamed(en.AnalyzerName)
	if a == nil {
		return nil, fmt.Errorf("no %s analyzer", en.AnalyzerName)
	}
	return a, nil
})

// withPairs returns q with every gap-free phrase on the text field of two
// or more words answered through the word pairs (see above). It never
// changes q: rewritten parts are copies.
func withPairs(q query.Query) query.Query {
	switch t := q.(type) {
	case *query.BooleanQuery:
		c := *t
		for _, sub := range []*query.Query{&c.Must, &c.Should, &c.MustNot, &c.Filter} {
			if *sub != nil {
				*sub = withPairs(*sub)
			}
		}
		return &c
	case *query.ConjunctionQuery:
		c := *t
		c.Conjuncts = pairsAll(t.Conjuncts)
		return &c
	case *query.DisjunctionQuery:
		c := *t
		c.Disjuncts = pairsAll(t.Disjuncts)
		return &c
	case *query.MatchPhraseQuery:
		if pq := phrasePairs(t); pq != nil {
			return pq
		}
	}
	return q
}

func pairsAll(qs []query.Query) []query.Query {
	out := make([]query.Query, len(qs))
	for i, q := range qs {
		out[i] = withPairs(q)
	}
	return out
}

// phrasePairs returns the pair form of the phrase q, or nil when q is not a
// gap-free phrase of two or more words on the text field.
func phrasePairs(q *query.MatchPhraseQuery) query.Query {
	if q.Field() != fieldText || q.Analyzer != "" || q.Fuzziness != 0 {
		return nil
	}
	words, err := textWords()
	if err != nil {
		return nil
	}
	toks := words.Analyze([]byte(q.MatchPhrase))
	if len(toks) < 2 {
		return nil
	}
	for i := 1; i < len(toks); i++ {
		if toks[i].Position != toks[i-1].Position+1 {
			return nil // a gap, or two words at one position
		}
	}
	var parts []query.Query
	for i := 1; i < len(toks); i++ {
		pt := query.NewTermQuery(string(pairTerm(toks[i-1].Term, toks[i].Term)))
		pt.SetField(fieldTextPairs)
		pt.SetBoost(0)
		parts = append(parts, pt)
	}
	if len(toks) > 2 {
		return query.NewConjunctionQuery(append(parts, q))
	}
	for _, tok := range toks {
		tq := query.NewTermQuery(string(tok.Term))
		tq.SetField(fieldText)
		tq.SetBoost(q.Boost())
		parts = append(parts, tq)
	}
	return query.NewConjunctionQuery(parts)
}
