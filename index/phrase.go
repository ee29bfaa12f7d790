package index

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// Phrases are checked on the flat list of term locations the conjunction
// of their words hands over, without building maps. Bleve's phrase
// searcher turns that list into a map of maps for every document that holds
// all the words (DocumentMatch.Complete) and walks it recursively: on
// common word pairs, tens of thousands of documents per query, and ~20% of
// the CPU of the whole query mix. phraseSearcher finds the same matches
// (the same conjunction of the same term searchers, so the same scores) and
// reports the same term locations for them (the snippets mark them), with
// the position test done by sorting each word's positions and looking the
// next word up by binary search.

// phraseQuery is a quoted phrase on title or text, as the query-string
// parser makes it (no fuzziness: the parser never sets one on a phrase).
// Other fields, and phrases with fuzziness, run Bleve's own searcher.
type phraseQuery struct {
	*query.MatchPhraseQuery
}

// Searcher returns a phraseSearcher over the analysed phrase; it mirrors
// MatchPhraseQuery.Searcher and NewMultiPhraseSearcher without fuzziness.
func (q *phraseQuery) Searcher(ctx context.Context, i bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	field := q.FieldVal
	_, synonyms := ctx.Value(search.FieldTermSynonymMapKey).(search.FieldTermSynonymMap)
	if (field != fieldTitle && field != fieldText) || q.Fuzziness != 0 || synonyms {
		return q.MatchPhraseQuery.Searcher(ctx, i, m, options)
	}
	name := q.Analyzer
	if name == "" {
		name = m.AnalyzerNameForPath(field)
	}
	analyzer := m.AnalyzerNamed(name)
	if analyzer == nil {
		return nil, fmt.Errorf("no analyzer named %q registered", name)
	}
	terms := phraseTerms(analyzer.Analyze([]byte(q.MatchPhrase)))
	if len(terms) == 0 {
		return query.NewMatchNoneQuery().Searcher(ctx, i, m, options)
	}
	boost := q.BoostVal.Value()
	options.IncludeTermVectors = true
	var parts []search.Searcher
	closeAll := func() {
		for _, s := range parts {
			_ = s.Close()
		}
	}
	for _, pos := range terms {
		var ss []search.Searcher
		for _, t := range pos {
			if t == "" {
				continue
			}
			ts, err := searcher.NewTermSearcher(ctx, i, t, field, boost, options)
			if err != nil {
				closeAll()
				return nil, fmt.Errorf("phrase term %q: %w", t, err)
			}
			ss = append(ss, ts)
		}
		switch {
		case len(pos) == 1 && len(ss) == 1:
			parts = append(parts, ss[0])
		case len(pos) > 1:
			d, err := searcher.NewDisjunctionSearcher(ctx, i, ss, 1, options)
			if err != nil {
				closeAll()
				return nil, fmt.Errorf("phrase position disjunction: %w", err)
			}
			parts = append(parts, d)
		}
	}
	must, err := searcher.NewConjunctionSearcher(ctx, i, parts, options)
	if err != nil {
		closeAll()
		return nil, fmt.Errorf("phrase conjunction: %w", err)
	}
	s := &phraseSearcher{must: must, terms: terms}
	s.SetQueryNorm(1 / math.Sqrt(must.Weight()))
	return s, nil
}

// phraseTerms turns analysed tokens into the terms at each position of the
// phrase, from the first token's position to the last's (a position
// without a token, a removed stop word, is empty), as Bleve does.
func phraseTerms(tokens analysis.TokenStream) [][]string {
	if len(tokens) == 0 {
		return nil
	}
	first, last := tokens[0].Position, tokens[0].Position
	for _, t := range tokens {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	out := make([][]string, last-first+1)
	for _, t := range tokens {
		out[t.Position-first] = append(out[t.Position-first], string(t.Term))
	}
	return out
}

// phraseSearcher is Bleve's PhraseSearcher with slop 0 and no fuzziness,
// checking each candidate on its flat location list.
type phraseSearcher struct {
	must        search.Searcher
	terms       [][]string // the terms at each phrase position; empty: any word
	curr        *search.DocumentMatch
	initialized bool

	// scratch, reused from candidate to candidate
	words  []phraseWord
	out    []search.FieldTermLocation
	fields []string
	path   []phraseStep
}

// phraseWord holds the locations of one term in one field of the candidate,
// sorted by array positions and position, without duplicates.
type phraseWord struct {
	term string
	locs []search.Location
}

// Next returns the next document where the phrase occurs.
func (s *phraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.initialized {
		if err := s.advance(ctx); err != nil {
			return nil, err
		}
		s.initialized = true
	}
	for s.curr != nil {
		rv := s.check()
		if err := s.advance(ctx); err != nil {
			return nil, err
		}
		if rv != nil {
			return rv, nil
		}
	}
	return nil, nil
}

// advance moves to the next candidate, recycling the current one.
func (s *phraseSearcher) advance(ctx *search.SearchContext) error {
	if s.curr != nil {
		ctx.DocumentMatchPool.Put(s.curr)
	}
	var err error
	s.curr, err = s.must.Next(ctx)
	return err
}

// Advance returns the first document at or after id where the phrase
// occurs (as Bleve's PhraseSearcher does it).
func (s *phraseSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.initialized {
		if err := s.advance(ctx); err != nil {
			return nil, err
		}
		s.initialized = true
	}
	if s.curr != nil {
		if s.curr.IndexInternalID.Compare(id) >= 0 {
			return s.Next(ctx)
		}
		ctx.DocumentMatchPool.Put(s.curr)
	}
	if s.curr == nil {
		return nil, nil
	}
	var err error
	if s.curr, err = s.must.Advance(ctx, id); err != nil {
		return nil, err
	}
	return s.Next(ctx)
}

// check returns s.curr, its locations replaced by those of the phrase's
// occurrences, when the phrase occurs in it; otherwise nil.
func (s *phraseSearcher) check() *search.DocumentMatch {
	ftls := s.curr.FieldTermLocations
	s.fields = s.fields[:0]
	for _, l := range ftls {
		if !slices.Contains(s.fields, l.Field) {
			s.fields = append(s.fields, l.Field)
		}
	}
	out := s.out[:0]
	if cap(s.path) < len(s.terms) {
		s.path = make([]phraseStep, 0, len(s.terms))
	}
	for _, f := range s.fields {
		s.collect(ftls, f)
		out = s.paths(out, f, 0, 0, nil, s.path[:0])
	}
	s.out = out[:0]
	if len(out) == 0 {
		s.curr.FieldTermLocations = ftls[:0]
		return nil
	}
	rv := s.curr
	s.curr = nil
	rv.FieldTermLocations = append(ftls[:0], out...)
	return rv
}

// collect gathers the locations of field f by term into s.words.
func (s *phraseSearcher) collect(ftls []search.FieldTermLocation, f string) {
	for i := range s.words {
		s.words[i].locs = s.words[i].locs[:0]
	}
	for _, l := range ftls {
		if l.Field != f {
			continue
		}
		w := s.word(l.Term)
		loc := l.Location
		if len(loc.ArrayPositions) > 0 {
			loc.ArrayPositions = slices.Clone(loc.ArrayPositions)
		}
		w.locs = append(w.locs, loc)
	}
	for i := range s.words {
		w := &s.words[i]
		if !sort.SliceIsSorted(w.locs, func(a, b int) bool { return locBefore(&w.locs[a], &w.locs[b]) }) {
			sort.SliceStable(w.locs, func(a, b int) bool { return locBefore(&w.locs[a], &w.locs[b]) })
		}
		w.locs = slices.CompactFunc(w.locs, func(a, b search.Location) bool {
			return a.Pos == b.Pos && a.Start == b.Start && a.End == b.End && a.ArrayPositions.Equals(b.ArrayPositions)
		})
	}
}

// word returns the scratch entry of term.
func (s *phraseSearcher) word(term string) *phraseWord {
	for i := range s.words {
		if s.words[i].term == term {
			return &s.words[i]
		}
	}
	s.words = append(s.words, phraseWord{term: term})
	return &s.words[len(s.words)-1]
}

func locBefore(a, b *search.Location) bool {
	if c := a.ArrayPositions.Compare(b.ArrayPositions); c != 0 {
		return c < 0
	}
	return a.Pos < b.Pos
}

// phraseStep is one word of an occurrence being matched.
type phraseStep struct {
	term string
	loc  *search.Location
}

// paths appends to out the locations of every occurrence of the phrase
// from position k on, after a word at prev (0: none yet) with array
// positions ap, in the order of Bleve's findPhrasePaths with no slop: each
// word exactly one position after the previous one (two after an empty
// position).
func (s *phraseSearcher) paths(out []search.FieldTermLocation, field string, k int, prev uint64, ap search.ArrayPositions, path []phraseStep) []search.FieldTermLocation {
	if k == len(s.terms) {
		for _, p := range path {
			out = append(out, search.FieldTermLocation{Field: field, Term: p.term, Location: *p.loc})
		}
		return out
	}
	car := s.terms[k]
	if len(car) == 0 || (len(car) == 1 && car[0] == "") {
		next := prev + 1
		if prev == 0 {
			next = 0
		}
		return s.paths(out, field, k+1, next, ap, path)
	}
	for _, term := range car {
		var locs []search.Location
		for i := range s.words {
			if s.words[i].term == term {
				locs = s.words[i].locs
			}
		}
		lo, hi := 0, len(locs)
		if prev != 0 && len(ap) == 0 {
			// Locations without array positions sort by position: only
			// the one at prev+1 can follow.
			lo = sort.Search(len(locs), func(i int) bool {
				return len(locs[i].ArrayPositions) > 0 || locs[i].Pos >= prev+1
			})
			hi = min(hi, lo+1)
		}
		for i := lo; i < hi; i++ {
			loc := &locs[i]
			if prev != 0 && (!loc.ArrayPositions.Equals(ap) || loc.Pos != prev+1) {
				continue
			}
			if slices.ContainsFunc(path, func(p phraseStep) bool { return p.term == term && p.loc == loc }) {
				continue
			}
			out = s.paths(out, field, k+1, loc.Pos, loc.ArrayPositions, append(path, phraseStep{term, loc}))
		}
	}
	return out
}

// Weight is the conjunction's.
func (s *phraseSearcher) Weight() float64 { return s.must.Weight() }

// SetQueryNorm passes the norm to the conjunction.
func (s *phraseSearcher) SetQueryNorm(n float64) { s.must.SetQueryNorm(n) }

// Count is an upper bound: the conjunction's.
func (s *phraseSearcher) Count() uint64 { return s.must.Count() }

// Min is 0, as for Bleve's phrase searcher.
func (s *phraseSearcher) Min() int { return 0 }

// Close closes the conjunction.
func (s *phraseSearcher) Close() error { return s.must.Close() }

// DocumentMatchPoolSize is the conjunction's plus the held candidate.
func (s *phraseSearcher) DocumentMatchPoolSize() int { return s.must.DocumentMatchPoolSize() + 1 }

// Size estimates the searcher's memory.
func (s *phraseSearcher) Size() int {
	n := 64 + s.must.Size()
	if s.curr != nil {
		n += s.curr.Size()
	}
	for _, pos := range s.terms {
		for _, t := range pos {
			n += 16 + len(t)
		}
	}
	return n
}
