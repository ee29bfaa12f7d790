package index

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index/corpus"
)

// plainPhrases replaces every phraseQuery in q by the MatchPhraseQuery it
// wraps, so that q runs Bleve's own phrase searcher: the reference.
func plainPhrases(q query.Query) query.Query {
	switch t := q.(type) {
	case *phraseQuery:
		return t.MatchPhraseQuery
	case *query.BooleanQuery:
		for _, sub := range []*query.Query{&t.Must, &t.Should, &t.MustNot, &t.Filter} {
			if *sub != nil {
				*sub = plainPhrases(*sub)
			}
		}
	case *query.ConjunctionQuery:
		for i := range t.Conjuncts {
			t.Conjuncts[i] = plainPhrases(t.Conjuncts[i])
		}
	case *query.DisjunctionQuery:
		for i := range t.Disjuncts {
			t.Disjuncts[i] = plainPhrases(t.Disjuncts[i])
		}
	}
	return q
}

// phraseIndex returns an index of several segments, some documents
// replaced since, with phrases in titles, gaps and repeated words.
func phraseIndex(t *testing.T) *Index {
	ctx := context.Background()
	ix := memIndex(t, nil)
	arts := genArticles(900)
	extra := []string{
		"The bid bid bid was late. A bid, bid again.",
		"Award of contract: the award of the contract went to the inspector.",
		"Task order task order task. Order task order.",
	}
	for i, text := range extra {
		arts = append(arts, &govwire.Article{
			ID: fmt.Sprintf("x%d", i), URL: fmt.Sprintf("https://x.example/%d", i), Source: "x",
			Title: text, Text: text + " " + text, Published: time.Date(2026, 3, i+1, 0, 0, 0, 0, time.UTC),
			Classification: govwire.Classification{OnTopic: true},
		})
	}
	for i := 0; i < len(arts); i += 150 {
		if err := ix.Index(ctx, arts[i:min(i+150, len(arts))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Index(ctx, arts[:100]); err != nil { // replaced: old copies deleted
		t.Fatal(err)
	}
	return ix
}

// phraseQueries are the searches TestPhraseSearcherSameAsBleve runs: the
// corpus's word pairs and hand-made edge cases.
func phraseQueries() []govwire.SearchQuery {
	v := corpus.New(corpus.Options{Seed: 1}).Vocabulary()
	var qs []govwire.SearchQuery
	for i, p := range v.Phrases {
		if i%4 == 0 {
			qs = append(qs, govwire.SearchQuery{Q: `"` + p + `"`})
		}
	}
	all := false
	for _, q := range []string{
		`"the inspector"`, `"award of contract"`, `"award of the contract"`, `"bid bid"`, `"bid bid bid"`,
		`"task order task"`, `"order task order"`, `"the of"`, `"nosuchword cloud"`, `"cloud"`,
		`title:"task order"`, `text:"task order"`, `title:"bid bid"`, `"task order" -protest`,
		`+"task order" award`, `"contract valued" OR "task order"`, `"Task Order"^3 cloud`,
	} {
		qs = append(qs, govwire.SearchQuery{Q: q}, govwire.SearchQuery{Q: q, Sort: SortDate},
			govwire.SearchQuery{Q: q, Page: 2, Size: 5, OnTopic: &all})
	}
	return qs
}

// TestPhraseSearcherSameAsBleve runs phrase queries with phraseSearcher
// and with Bleve's own phrase searcher and requires the same results:
// totals, hits, scores to the bit, snippets, cursors, facets, and the term
// locations of every match (what snippets are made of).
func TestPhraseSearcherSameAsBleve(t *testing.T) {
	ctx := context.Background()
	ix := phraseIndex(t)
	matched := 0
	for _, sq := range phraseQueries() {
		var pages [2]*page
		var facets [2]*govwire.Facets
		var locs [2][]string
		for i, plain := range []bool{false, true} {
			p, err := newPlan(sq)
			if err != nil {
				t.Fatal(err)
			}
			if plain {
				plainPhrases(p.query)
			}
			if pages[i], facets[i], err = ix.compute(ctx, p, true); err != nil {
				t.Fatalf("%+v: %v", sq, err)
			}
			req := bleve.NewSearchRequestOptions(p.query, 2000, 0, false)
			req.IncludeLocations = true
			sr, err := ix.run(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range sr.Hits {
				locs[i] = append(locs[i], fmt.Sprintf("%s %v %v", h.ID, h.Score, locString(h.Locations)))
			}
		}
		if !reflect.DeepEqual(pages[0], pages[1]) || !reflect.DeepEqual(facets[0], facets[1]) {
			t.Errorf("%+v:\n got %+v\nwant %+v", sq, pages[0], pages[1])
		}
		if !reflect.DeepEqual(locs[0], locs[1]) {
			t.Errorf("%+v: locations differ\n got %v\nwant %v", sq, locs[0], locs[1])
		}
		matched += len(locs[1])
	}
	if matched < 500 {
		t.Errorf("only %d matches over all queries: the test compares too little", matched)
	}
}

// locString prints locations in a stable order (fmt sorts map keys).
func locString(m search.FieldTermLocationMap) string {
	out := map[string]map[string][]search.Location{}
	for f, tlm := range m {
		out[f] = map[string][]search.Location{}
		for term, ls := range tlm {
			for _, l := range ls {
				out[f][term] = append(out[f][term], *l)
			}
		}
	}
	return fmt.Sprint(out)
}
