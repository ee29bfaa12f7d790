package index

import (
	"context"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govwire/govwire"
)

// TestPairsSameAsPhrases runs phrase queries with the word pairs and with
// the plain phrase searcher on one index: totals, hits (ids, scores to the
// last bit, snippets), cursors and facets must be identical.
func TestPairsSameAsPhrases(t *testing.T) {
	arts := genArticles(1500)
	arts = append(arts, fixtures(t)...)
	ix := memIndex(t, arts)
	if !ix.pairs.Load() {
		t.Fatal("a new index is not marked as having word pairs")
	}
	queries := []govwire.SearchQuery{
		{Q: `"bid protest"`}, {Q: `"cloud contract"`}, {Q: `"task orders"`}, {Q: `"award said"`},
		{Q: `"conflict of interest"`}, // a gap (stop word): the plain phrase
		{Q: `"full and open competition"`}, {Q: `"Government Accountability Office"`},
		{Q: `"protests filed"`}, {Q: `"cloud cloud"`}, {Q: `"JWCC"`}, {Q: `"the weekend"`},
		{Q: `"nosuchword cloud"`}, {Q: `text:"bid protest"`}, {Q: `title:"cloud contract"`},
		{Q: `"bid protest"^3 oracle`}, {Q: `+"task order" -protest`}, {Q: `"bid protest" "cloud contract"`},
		{Q: `"bid protest"`, Sort: SortDate}, {Q: `"bid protest"`, Page: 3, Size: 7},
		{Q: `"cloud contract"`, Labels: []string{"award"}}, {Q: `"bid protest"`, Collapse: true},
		{Q: `"Oracle's protest"`}, {Q: `"Amazon Web Services"`},
	}
	ctx := context.Background()
	rewritten := 0
	for _, q := range queries {
		ix.pairs.Store(false)
		ix.forget()
		want := mustSearch(t, ix, q)
		ix.pairs.Store(true)
		ix.forget()
		got := mustSearch(t, ix, q)
		p, err := ix.newPlan(q)
		if err != nil {
			t.Fatal(err)
		}
		if p.match != p.query {
			rewritten++
		}
		want.TookMS, got.TookMS = 0, 0
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: with pairs total %d hits %v, plain total %d hits %v", q, got.Total, ids(got.Hits), want.Total, ids(want.Hits))
			for i := range min(len(got.Hits), len(want.Hits)) {
				if !reflect.DeepEqual(got.Hits[i], want.Hits[i]) {
					t.Errorf("  hit %d: %+v\n  plain: %+v", i, got.Hits[i], want.Hits[i])
					break
				}
			}
		}
		if want.Next != "" {
			q2 := q
			q2.Page, q2.After = 0, want.Next
			ix.forget()
			n1 := mustSearch(t, ix, q2)
			ix.pairs.Store(false)
			ix.forget()
			n2 := mustSearch(t, ix, q2)
			n1.TookMS, n2.TookMS = 0, 0
			if !reflect.DeepEqual(n1, n2) {
				t.Errorf("%+v: the next page differs with pairs", q)
			}
		}
		idsPairs, err := ix.SearchIDs(ctx, q, 0)
		if err != nil {
			t.Fatal(err)
		}
		if uint64(len(idsPairs)) != want.Total {
			t.Errorf("%+v: SearchIDs gives %d, total %d", q, len(idsPairs), want.Total)
		}
	}
	if rewritten < 10 {
		t.Errorf("only %d of %d queries used the pairs", rewritten, len(queries))
	}
}

// TestPhrasePairs checks which phrases are rewritten and how.
func TestPhrasePairs(t *testing.T) {
	for _, tc := range []struct {
		phrase, field string
		pairs         []string // pair terms, nil: not rewritten
		words         int      // scored words (2-word phrases), 0: the phrase itself is kept
	}{
		{"bid protest", fieldText, []string{"bid protest"}, 2},
		{"Bid Protests", fieldText, []string{"bid protest"}, 2},
		{"full open competition", fieldText, []string{"full open", "open competit"}, 0},
		{"conflict of interest", fieldText, nil, 0},
		{"cloud", fieldText, nil, 0},
		{"the", fieldText, nil, 0},
		{"bid protest", fieldTitle, nil, 0},
	} {
		q := query.NewMatchPhraseQuery(tc.phrase)
		q.SetField(tc.field)
		got := phrasePairs(q)
		if tc.pairs == nil {
			if got != nil {
				t.Errorf("%q on %s rewritten: %#v", tc.phrase, tc.field, got)
			}
			continue
		}
		cq, ok := got.(*query.ConjunctionQuery)
		if !ok {
			t.Fatalf("%q: %T, want a conjunction", tc.phrase, got)
		}
		var pairs []string
		words, kept := 0, false
		for _, c := range cq.Conjuncts {
			switch x := c.(type) {
			case *query.TermQuery:
				if x.Field() == fieldTextPairs {
					pairs = append(pairs, x.Term)
					if x.Boost() != 0 {
						t.Errorf("%q: pair %q boost %v, want 0", tc.phrase, x.Term, x.Boost())
					}
				} else {
					words++
				}
			case *query.MatchPhraseQuery:
				kept = true
			}
		}
		if !reflect.DeepEqual(pairs, tc.pairs) || words != tc.words || kept != (tc.words == 0) {
			t.Errorf("%q: pairs %q, %d words, phrase kept %v; want %q, %d", tc.phrase, pairs, words, kept, tc.pairs, tc.words)
		}
	}
}

// TestPairAnalyzer checks the pair terms of a text: adjacent tokens only,
// never across a removed stop word.
func TestPairAnalyzer(t *testing.T) {
	words, err := textWords()
	if err != nil {
		t.Fatal(err)
	}
	pa := &pairAnalyzer{words: words}
	var got []string
	for _, tok := range pa.Analyze([]byte("Oracle filed a bid protest over the JWCC cloud contracts.")) {
		got = append(got, string(tok.Term))
	}
	want := []string{"oracl file", "bid protest", "jwcc cloud", "cloud contract"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("pairs %q, want %q", got, want)
	}
}

// TestPairsMark: an index created by this version says it has the word
// pairs after a reopen and a rebuild; one written before them (no mark)
// runs plain phrases until rebuilt.
func TestPairsMark(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/index.bleve"
	ix, err := OpenWith(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Index(ctx, genArticles(50)); err != nil {
		t.Fatal(err)
	}
	if err := ix.bi.DeleteInternal(pairsKey); err != nil { // as an index of the version before
		t.Fatal(err)
	}
	ix.Close()
	if ix, err = OpenWith(path, Options{}); err != nil {
		t.Fatal(err)
	}
	defer func() { ix.Close() }()
	if ix.pairs.Load() {
		t.Fatal("an index without the mark uses the pairs")
	}
	if p, err := ix.newPlan(govwire.SearchQuery{Q: `"bid protest"`}); err != nil || p.match != p.query {
		t.Fatalf("the phrase was rewritten on an index without pairs (%v)", err)
	}
	st := newMemStore()
	st.put(genArticles(50)...)
	if err := ix.Rebuild(ctx, st, nil); err != nil {
		t.Fatal(err)
	}
	if !ix.pairs.Load() {
		t.Fatal("no pairs after a rebuild")
	}
	ix.Close()
	if ix, err = OpenWith(path, Options{}); err != nil {
		t.Fatal(err)
	}
	if !ix.pairs.Load() {
		t.Fatal("the rebuilt index lost its pairs mark on reopen")
	}
}

// BenchmarkPhrasePairs runs the phrase queries of the benchmark mix on
// 5,000 articles with the plain phrase searcher and with the word pairs,
// uncached, in one run.
func BenchmarkPhrasePairs(b *testing.B) {
	ix := memIndex(b, genArticles(5000))
	ctx := context.Background()
	for _, mode := range []struct {
		name  string
		pairs bool
	}{{"plain", false}, {"pairs", true}} {
		b.Run(mode.name, func(b *testing.B) {
			ix.pairs.Store(mode.pairs)
			for b.Loop() {
				for _, q := range benchQueries {
					if q.class != "phrase" {
						continue
					}
					ix.forget()
					if _, err := ix.Search(ctx, q.sq); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
