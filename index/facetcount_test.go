package index

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/govwire/govwire"
)

// TestFacetTablesMatchBleve checks the facet tables against Bleve's own term
// facets (the way facets were counted before them) on an index of many
// segments, some of whose documents were replaced since (so older segments
// hold deleted copies): for every query, sort, page, cursor and collapse,
// the facets shown must be exactly Bleve's, values, counts and order.
func TestFacetTablesMatchBleve(t *testing.T) {
	ctx := context.Background()
	arts := genArticles(1500)
	ix := memIndexWith(t, nil, Options{})
	for i := 0; i < len(arts); i += 150 {
		if err := ix.Index(ctx, arts[i:i+150]); err != nil {
			t.Fatal(err)
		}
	}
	// Replace 200 articles with other labels, vendors and sources.
	var changed []*govwire.Article
	for i, a := range arts[:200] {
		c := *a
		c.Labels = []string{govwire.Labels[i%len(govwire.Labels)]}
		c.Source = fmt.Sprintf("replaced-%d", i%3)
		c.Entities = nil
		changed = append(changed, &c)
	}
	if err := ix.Index(ctx, changed); err != nil {
		t.Fatal(err)
	}
	snap, err := ix.bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := snap.Reader()
	if err != nil {
		t.Fatal(err)
	}
	segs := len(r.(*scorch.IndexSnapshot).Segments())
	_ = r.Close()
	if segs < 2 {
		t.Fatalf("%d segment: the test needs several", segs)
	}

	queries := []govwire.SearchQuery{
		{}, {Q: "cloud"}, {Q: "protest"}, {Q: "title:award"}, {Q: `"task orders"`}, {Q: "oracle protest"},
		{Q: "contract", Labels: []string{"award"}}, {Vendors: []string{"Oracle"}}, {Q: "cloud", Since: day("2026-01-01")},
		{Q: "WildandStormy"}, {Q: "nosuchwordanywhere"}, {Q: "cloud", Sort: SortDate, Page: 3},
		{Q: "contract", Page: 2, Size: 7}, {Q: "cloud", Collapse: true}, {Sources: []string{"replaced-1"}},
		{Q: "protest", OnTopic: new(bool)},
	}
	for _, q := range queries {
		ix.forget()
		res := mustSearch(t, ix, q)
		total, want := uncached(t, ix, q)
		if res.Total != total {
			t.Errorf("%+v: total %d, Bleve %d", q, res.Total, total)
		}
		if !reflect.DeepEqual(res.Facets, want) {
			t.Errorf("%+v: facets\n got %+v\nwant %+v", q, res.Facets, want)
		}
		if res.Next != "" { // the next page, by cursor, counts the same
			q2 := q
			q2.Page, q2.After = 0, res.Next
			ix.forget()
			if res2 := mustSearch(t, ix, q2); !reflect.DeepEqual(res2.Facets, want) || res2.Total != total {
				t.Errorf("%+v, next page: total %d, facets differ from the first page's", q, res2.Total)
			}
		}
		// Facets alone (the page cached, its facets not).
		ix.cache.facets.purge()
		if res3 := mustSearch(t, ix, q); !reflect.DeepEqual(res3.Facets, want) {
			t.Errorf("%+v, facets alone: %+v, want %+v", q, res3.Facets, want)
		}
	}
}

// TestFacetTablesFollowMerges searches while articles are written, so the
// tables of merged and new segments are built as searches meet them, and
// checks that retired segments' tables are dropped.
func TestFacetTablesFollowMerges(t *testing.T) {
	ctx := context.Background()
	arts := genArticles(1200)
	ix := memIndexWith(t, nil, Options{})
	for i := 0; i < len(arts); i += 40 {
		if err := ix.Index(ctx, arts[i:i+40]); err != nil {
			t.Fatal(err)
		}
		ix.forget()
		q := govwire.SearchQuery{Q: "cloud"}
		res := mustSearch(t, ix, q)
		if _, want := uncached(t, ix, q); !reflect.DeepEqual(res.Facets, want) {
			t.Fatalf("after %d articles: facets %+v, want %+v", i+40, res.Facets, want)
		}
	}
	time.Sleep(100 * time.Millisecond) // let the merger finish
	ix.forget()
	mustSearch(t, ix, govwire.SearchQuery{Q: "cloud"})
	ix.facetT.mu.Lock()
	n := len(ix.facetT.segs)
	ix.facetT.mu.Unlock()
	if n > 40 {
		t.Errorf("%d segment tables kept after 30 batches", n)
	}
}
