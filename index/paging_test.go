package index

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/govwire/govwire"
)

func TestSearchPaging(t *testing.T) {
	ix := memIndex(t, pagingArticles(45, 0))
	for _, sortBy := range []string{SortRelevance, SortDate} {
		t.Run(sortBy, func(t *testing.T) {
			base := govwire.SearchQuery{Q: "tender", Sort: sortBy}
			full := base
			full.Size = govwire.MaxPageSize
			want := ids(mustSearch(t, ix, full).Hits)
			if len(want) != 45 {
				t.Fatalf("full result has %d hits, want 45", len(want))
			}

			// Numbered pages.
			var paged []string
			for page := 1; page <= 5; page++ {
				q := base
				q.Page, q.Size = page, 10
				res := mustSearch(t, ix, q)
				if res.Total != 45 {
					t.Fatalf("page %d total = %d", page, res.Total)
				}
				paged = append(paged, ids(res.Hits)...)
				if (res.Next == "") != (page == 5) {
					t.Errorf("page %d: next = %q", page, res.Next)
				}
			}
			if !slices.Equal(paged, want) {
				t.Errorf("pages:\n%v\nwant\n%v", paged, want)
			}

			// The after cursor walks the same order.
			var walked []string
			q := base
			q.Size = 7
			for range 20 {
				res := mustSearch(t, ix, q)
				walked = append(walked, ids(res.Hits)...)
				if res.Next == "" {
					break
				}
				q.After = res.Next
			}
			if !slices.Equal(walked, want) {
				t.Errorf("after cursor:\n%v\nwant\n%v", walked, want)
			}
		})
	}
}

func TestSearchCursorOtherSort(t *testing.T) {
	ix := memIndex(t, pagingArticles(12, 0))
	res := mustSearch(t, ix, govwire.SearchQuery{Q: "tender", Size: 5})
	_, err := ix.Search(context.Background(), govwire.SearchQuery{Q: "tender", Size: 5, Sort: SortDate, After: res.Next})
	if govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("relevance cursor used with date sort: err = %v, want EINVALID", err)
	}
}

func TestSearchCollapsePages(t *testing.T) {
	arts := pagingArticles(30, 0)
	for i, a := range arts {
		a.ClusterID = arts[i-i%3].ID // clusters of three
	}
	ix := memIndex(t, arts)
	seen := map[string]bool{}
	for page := 1; page <= 3; page++ {
		res := mustSearch(t, ix, govwire.SearchQuery{Q: "tender", Sort: SortDate, Collapse: true, Page: page, Size: 4})
		for _, h := range res.Hits {
			if seen[h.ClusterID] {
				t.Errorf("page %d repeats cluster %s", page, h.ClusterID)
			}
			seen[h.ClusterID] = true
		}
	}
	if len(seen) != 10 {
		t.Errorf("saw %d clusters over three pages, want all 10", len(seen))
	}
}

func TestSearchIDs(t *testing.T) {
	ix := memIndex(t, pagingArticles(2300, 0))
	for _, tt := range []struct {
		name  string
		q     govwire.SearchQuery
		limit int
		want  int
	}{
		{"all pages", govwire.SearchQuery{Q: "tender", Sort: SortDate}, 0, 2300},
		{"limit", govwire.SearchQuery{Q: "tender"}, 1500, 1500},
		{"filtered", govwire.SearchQuery{Q: "tender", Sources: []string{"elsewhere"}}, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ix.SearchIDs(context.Background(), tt.q, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, id := range got {
				if seen[id] {
					t.Fatalf("id %s twice", id)
				}
				seen[id] = true
			}
			if len(got) != tt.want {
				t.Errorf("%d ids, want %d", len(got), tt.want)
			}
		})
	}
	if _, err := ix.SearchIDs(context.Background(), govwire.SearchQuery{Q: "/x/"}, 0); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("regexp: %v", err)
	}
}

// TestFastPageSameAsTotalOrder: the page fetched without the id tie-break
// (fastPage) holds the same hits in the same order as the request with it,
// on a corpus full of equal scores and equal dates.
func TestFastPageSameAsTotalOrder(t *testing.T) {
	ix := memIndex(t, append(pagingArticles(60, 0), genArticles(400)...))
	for _, q := range []string{"tender", "cloud", "protest award", ""} {
		for _, sortBy := range []string{SortRelevance, SortDate} {
			for page := 1; page <= 6; page++ {
				for _, size := range []int{1, 7, 20} {
					_, fast, full := bothPages(t, ix, govwire.SearchQuery{Q: q, Sort: sortBy, Page: page, Size: size})
					var a, b []string
					for _, h := range fast.Hits {
						a = append(a, h.ID)
					}
					for _, h := range full.Hits {
						b = append(b, h.ID)
					}
					if !slices.Equal(a, b) || fast.Total != full.Total {
						t.Fatalf("%q %s page %d size %d: fast %v (%d), total order %v (%d)", q, sortBy, page, size, a, fast.Total, b, full.Total)
					}
				}
			}
		}
	}
}

// TestDateColumnSameAsDocValues checks the date sort served from the
// segments' date columns (dateSort) against Bleve's own sort on the
// published doc values, on an index of several segments whose older
// segments hold replaced copies: the same hits in the same order, the same
// sort keys, the same cursors, for every page of several date-sorted
// searches, with facets counted or not.
func TestDateColumnSameAsDocValues(t *testing.T) {
	ctx := context.Background()
	ix := memIndex(t, nil)
	arts := append(pagingArticles(60, 0), genArticles(600)...)
	for _, a := range arts[100:104] { // no date at all
		a.Published, a.Fetched = time.Time{}, time.Time{}
	}
	for i := 0; i < len(arts); i += 110 {
		if err := ix.Index(ctx, arts[i:min(i+110, len(arts))]); err != nil {
			t.Fatal(err)
		}
	}
	var moved []*govwire.Article // new dates for some, in a new segment
	for i, a := range arts[:80] {
		c := *a
		c.Published = c.Published.Add(time.Duration(i%7) * 36 * time.Hour)
		moved = append(moved, &c)
	}
	if err := ix.Index(ctx, moved); err != nil {
		t.Fatal(err)
	}
	keys := func(sr *bleve.SearchResult) (ids, sorts []string) {
		for _, h := range sr.Hits {
			ids = append(ids, h.ID)
			sorts = append(sorts, h.Sort[0])
		}
		return ids, sorts
	}
	for _, q := range []string{"tender", "cloud", "protest award", ""} {
		for page := 1; page <= 8; page++ {
			for _, size := range []int{1, 7, 20} {
				p, err := newPlan(govwire.SearchQuery{Q: q, Sort: SortDate, Page: page, Size: size})
				if err != nil {
					t.Fatal(err)
				}
				full, err := ix.run(ctx, p.req)
				if err != nil {
					t.Fatal(err)
				}
				wantIDs, wantKeys := keys(full)
				for _, c := range []*facetCounter{ix.newLocator(), ix.newFacetCounter()} {
					col, err := ix.fastPage(ctx, p, c)
					if err != nil {
						t.Fatal(err)
					}
					ids, sorts := keys(col)
					if !slices.Equal(ids, wantIDs) || !slices.Equal(sorts, wantKeys) || col.Total != full.Total {
						t.Fatalf("%q page %d size %d: column %v %q (%d), doc values %v %q (%d)", q, page, size, ids, sorts, col.Total, wantIDs, wantKeys, full.Total)
					}
					if len(col.Hits) > 0 {
						a, b := p.cursorAfter(col.Hits[len(col.Hits)-1]), p.cursorAfter(full.Hits[len(full.Hits)-1])
						if a.encode() != b.encode() || b.Keys[0] != full.Hits[len(full.Hits)-1].DecodedSort[0] {
							t.Fatalf("%q page %d size %d: cursor %+v, want %+v (decoded %q)", q, page, size, a, b, full.Hits[len(full.Hits)-1].DecodedSort[0])
						}
					}
				}
			}
		}
	}
}

// TestCursorPagesSameAsTotalOrder follows the cursors of searches full of
// equal scores and dates to their end, each page chosen by pageTop and by
// Bleve's search-after request on the total order: the same hits, in the
// same order, and the same cursors.
func TestCursorPagesSameAsTotalOrder(t *testing.T) {
	ix := memIndex(t, append(pagingArticles(90, 0), genArticles(300)...))
	for _, q := range []string{"tender", "sovereign cloud", ""} {
		for _, sortBy := range []string{SortRelevance, SortDate} {
			for _, size := range []int{1, 7} {
				after, pages := "", 0
				for ; pages < 400; pages++ {
					p, fast, full := bothPages(t, ix, govwire.SearchQuery{Q: q, Sort: sortBy, Size: size, After: after})
					if p.fast == nil {
						t.Fatalf("%q %s: a cursor page does not use pageTop", q, sortBy)
					}
					a, nextA := p.pick(fast)
					b, nextB := p.pick(full)
					if !slices.Equal(hitIDs(a), hitIDs(b)) || nextA != nextB || fast.Total != full.Total {
						t.Fatalf("%q %s size %d page %d: pageTop %v %q, Bleve %v %q", q, sortBy, size, pages+1, hitIDs(a), nextA, hitIDs(b), nextB)
					}
					if after = nextA; after == "" {
						break
					}
				}
				if pages < 5 && size == 1 {
					t.Errorf("%q %s: only %d pages", q, sortBy, pages)
				}
			}
		}
	}
}

func hitIDs(hs []*search.DocumentMatch) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.ID)
	}
	return out
}

// bothPages returns the plan of sq and its page chosen by fastPage and by
// Bleve's request on the total order.
func bothPages(t *testing.T, ix *Index, sq govwire.SearchQuery) (p *plan, fast, full *bleve.SearchResult) {
	t.Helper()
	ctx := context.Background()
	p, err := newPlan(sq)
	if err != nil {
		t.Fatal(err)
	}
	if fast, err = ix.fastPage(ctx, p, nil); err != nil {
		t.Fatal(err)
	}
	if full, err = ix.run(ctx, p.req); err != nil {
		t.Fatal(err)
	}
	return p, fast, full
}
