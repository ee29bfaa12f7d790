package index

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

// forget empties the search caches, so the next search is computed.
func (ix *Index) forget() {
	ix.cache.pages.purge()
	ix.cache.facets.purge()
}

// uncached runs sq the way Search did before caching: one Bleve request with
// the page's fields, term locations and every facet.
func uncached(t *testing.T, ix *Index, sq govwire.SearchQuery) (uint64, govwire.Facets) {
	t.Helper()
	p, err := newPlan(sq)
	if err != nil {
		t.Fatal(err)
	}
	req := *p.req
	req.Fields, req.IncludeLocations = hitFields, true
	addFacets(&req)
	sr, err := ix.run(context.Background(), &req)
	if err != nil {
		t.Fatal(err)
	}
	return sr.Total, bleveFacets(sr.Facets)
}

func TestLRUBoundAndGenerations(t *testing.T) {
	ctx := context.Background()
	c := newLRU[int](2)
	if _, hit, own, _ := c.get(ctx, "a", 1, 0); hit || !own {
		t.Fatalf("first get: hit %v own %v, want a miss to compute", hit, own)
	}
	c.done("a", 1, 10, true)
	if v, hit, own, _ := c.get(ctx, "a", 1, 0); !hit || own || v != 10 {
		t.Fatalf("same gen: %d hit %v own %v, want 10 from the cache", v, hit, own)
	}
	// A new generation with a (past) lag: the first caller refreshes, the
	// others get the stale value.
	if v, hit, own, _ := c.get(ctx, "a", 2, time.Nanosecond); !hit || !own || v != 10 {
		t.Fatalf("new gen, first: %d hit %v own %v, want stale 10 and the refresh", v, hit, own)
	}
	if v, hit, own, _ := c.get(ctx, "a", 2, time.Nanosecond); !hit || own || v != 10 {
		t.Fatalf("new gen, second: %d hit %v own %v, want stale 10 only", v, hit, own)
	}
	c.done("a", 2, 20, true)
	if v, _, own, _ := c.get(ctx, "a", 2, 0); v != 20 || own {
		t.Fatalf("after refresh: %d own %v, want 20", v, own)
	}
	// Within the lag an older value is still fresh.
	if _, _, own, _ := c.get(ctx, "a", 3, time.Hour); own {
		t.Fatal("within the lag: asked to refresh")
	}
	// The bound evicts the least recently used.
	for _, k := range []string{"b", "c"} {
		c.get(ctx, k, 3, 0)
		c.done(k, 3, 1, true)
	}
	if n := c.len(); n != 2 {
		t.Fatalf("len %d, want the bound 2", n)
	}
	if _, hit, own, _ := c.get(ctx, "a", 3, time.Hour); hit || !own {
		t.Fatal("a should have been evicted")
	}
	c.done("a", 3, 0, false) // a failed computation stores nothing
	if _, hit, _, _ := c.get(ctx, "a", 3, time.Hour); hit {
		t.Fatal("a failed computation was cached")
	}
}

func TestLRUMissesWaitForOneComputation(t *testing.T) {
	c := newLRU[int](4)
	ctx := context.Background()
	c.get(ctx, "k", 1, 0) // owned by this test
	var wg sync.WaitGroup
	got := make(chan int, 8)
	for range 8 {
		wg.Go(func() {
			v, hit, own, err := c.get(ctx, "k", 1, 0)
			if err != nil || !hit || own {
				t.Errorf("waiter: hit %v own %v err %v", hit, own, err)
			}
			got <- v
		})
	}
	time.Sleep(20 * time.Millisecond)
	c.done("k", 1, 7, true)
	wg.Wait()
	close(got)
	for v := range got {
		if v != 7 {
			t.Fatalf("waiter got %d, want 7", v)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	c.get(ctx, "x", 1, 0)
	cancel()
	if _, _, _, err := c.get(cctx, "x", 1, 0); err == nil {
		t.Fatal("a cancelled waiter got no error")
	}
}

func TestSearchCacheHitAndInvalidation(t *testing.T) {
	arts := pagingArticles(30, 0)
	ix := memIndex(t, arts[:20])
	q := govwire.SearchQuery{Q: "sovereign", Size: 5}
	first := mustSearch(t, ix, q)
	if ix.cache.pages.len() != 1 || ix.cache.facets.len() != 1 {
		t.Fatalf("cache holds %d pages, %d facets; want 1 and 1", ix.cache.pages.len(), ix.cache.facets.len())
	}
	first.Hits[0].Title, first.Facets.Labels[0].Count = "changed by the caller", -1
	second := mustSearch(t, ix, q)
	if second.Hits[0].Title == "changed by the caller" || second.Facets.Labels[0].Count == -1 {
		t.Fatal("a caller's change to its result reached the cache")
	}
	if second.Total != 20 {
		t.Fatalf("total %d, want 20", second.Total)
	}
	// Another query, another entry: never the first one's result.
	other := mustSearch(t, ix, govwire.SearchQuery{Q: "sovereign", Size: 5, Labels: []string{govwire.LabelAward}})
	if other.Total != 0 {
		t.Fatalf("filtered total %d, want 0", other.Total)
	}
	// A write invalidates: an in-memory index (lag 0) recomputes at once.
	if err := ix.Index(context.Background(), arts[20:]); err != nil {
		t.Fatal(err)
	}
	if got := mustSearch(t, ix, q).Total; got != 30 {
		t.Fatalf("after the write: total %d, want 30", got)
	}
	// With a lag, the first search after a write serves the stale page and
	// refreshes it in the background; a later search sees the refresh.
	ix.SetCacheLag(time.Nanosecond)
	extra := pagingArticles(1, 100)
	extra[0].ID = "extra"
	if err := ix.Index(context.Background(), extra); err != nil {
		t.Fatal(err)
	}
	if got := mustSearch(t, ix, q).Total; got != 30 {
		t.Fatalf("stale while refreshing: total %d, want the cached 30", got)
	}
	ix.rwg.Wait()
	if got := mustSearch(t, ix, q).Total; got != 31 {
		t.Fatalf("after the refresh: total %d, want 31", got)
	}
	if got, _ := uncached(t, ix, q); got != 31 {
		t.Fatalf("uncached total %d, want 31", got)
	}
}

func TestSearchCacheLag(t *testing.T) {
	arts := pagingArticles(10, 0)
	ix := memIndex(t, arts[:5])
	ix.SetCacheLag(time.Hour)
	q := govwire.SearchQuery{Q: "sovereign"}
	if got := mustSearch(t, ix, q).Total; got != 5 {
		t.Fatalf("total %d, want 5", got)
	}
	if err := ix.Index(context.Background(), arts[5:]); err != nil {
		t.Fatal(err)
	}
	if got := mustSearch(t, ix, q).Total; got != 5 {
		t.Fatalf("within the lag: total %d, want the cached 5", got)
	}
	ix.SetCacheLag(0)
	if got := mustSearch(t, ix, q).Total; got != 10 {
		t.Fatalf("after the lag: total %d, want 10", got)
	}
}

// TestCachedFacetsEqualUncached checks that every facet the cache serves,
// whether computed with a page or alone, equals a direct facet request.
func TestCachedFacetsEqualUncached(t *testing.T) {
	ix := memIndex(t, genArticles(400))
	all := false
	for _, sq := range []govwire.SearchQuery{
		{Q: "cloud"},
		{Q: "protest", Labels: []string{govwire.LabelProtest}},
		{Q: `"task order"`, Sort: SortDate},
		{Labels: []string{govwire.LabelAward}},
		{Q: "contract", OnTopic: &all, Since: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)},
		{Q: "award", Collapse: true},
	} {
		t.Run(fmt.Sprintf("%+v", sq), func(t *testing.T) {
			ix.forget()
			wantTotal, want := uncached(t, ix, sq)
			res := mustSearch(t, ix, sq) // page and facets in one request
			if res.Total != wantTotal || !reflect.DeepEqual(res.Facets, want) {
				t.Fatalf("with the page: total %d facets %+v\nwant %d %+v", res.Total, res.Facets, wantTotal, want)
			}
			ix.cache.facets.purge()
			sq.Page = 2
			res = mustSearch(t, ix, sq) // facets alone
			if !reflect.DeepEqual(res.Facets, want) {
				t.Fatalf("facets alone: %+v\nwant %+v", res.Facets, want)
			}
		})
	}
}

// TestSearchCacheConcurrent runs searches while a writer indexes and the
// cache refreshes, for the race detector, then closes under load.
func TestSearchCacheConcurrent(t *testing.T) {
	arts := genArticles(300)
	ix := memIndex(t, arts[:200])
	ctx := context.Background()
	qs := []govwire.SearchQuery{{Q: "cloud"}, {Q: "protest", Size: 5}, {Labels: []string{govwire.LabelAward}}, {Q: "award", Page: 2}}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 40 {
				if _, err := ix.Search(ctx, qs[(i+j)%len(qs)]); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Go(func() {
		for k := 200; k < 300; k += 10 {
			if err := ix.Index(ctx, arts[k:k+10]); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Wait()
	if ix.cache.pages.len() > pageCacheSize || ix.cache.facets.len() > facetCacheSize {
		t.Fatal("cache over its bound")
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Search(ctx, qs[0]); govwire.ErrorCode(err) != govwire.EUNAVAILABLE {
		t.Fatalf("search after close: %v, want EUNAVAILABLE", err)
	}
}
