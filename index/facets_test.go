package index

import (
	"context"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

// trueFacets counts, from the articles themselves, the facet values of the
// articles whose ids are given.
func trueFacets(arts []*govwire.Article, ids []string) map[string]map[string]int {
	byID := map[string]*govwire.Article{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	out := map[string]map[string]int{"labels": {}, "vendors": {}, "agencies": {}, "sources": {}, "months": {}}
	for _, id := range ids {
		d := newDoc(byID[id])
		for _, l := range d.Labels {
			out["labels"][l]++
		}
		for _, v := range d.Vendors {
			out["vendors"][v]++
		}
		for _, v := range d.Agencies {
			out["agencies"][v]++
		}
		out["sources"][d.Source]++
		out["months"][d.Month]++
	}
	return out
}

// TestFacetCountsExactOrMarked proves, for a mix of queries over a
// generated corpus, that every facet count a search shows is either exact
// (checked against the articles the query matches) or marked as an
// estimate, and that only searches with more matches than the limit
// estimate. With the limit off, every count is exact.
func TestFacetCountsExactOrMarked(t *testing.T) {
	arts := genArticles(3000)
	queries := []govwire.SearchQuery{
		{}, {Q: "cloud"}, {Q: "protest"}, {Q: "title:award"}, {Q: `"task orders"`}, {Q: "oracle protest"},
		{Q: "contract", Labels: []string{"award"}}, {Vendors: []string{"Oracle"}}, {Q: "cloud", Since: day("2026-01-01")},
		{Q: "WildandStormy"}, {Q: "cloud", Sort: SortDate, Page: 3},
	}
	for _, tc := range []struct {
		name          string
		limit         int
		wantEstimates bool
	}{{"sampled above 300", 300, true}, {"always exact", -1, false}} {
		t.Run(tc.name, func(t *testing.T) {
			// The deadline is not under test here: -race on a busy machine makes
			// these searches of 3,000 articles slow, so it is generous.
			ix := memIndexWith(t, arts, Options{ExactFacetLimit: tc.limit, SearchTimeout: 2 * time.Minute})
			estimated := 0
			for _, q := range queries {
				res := mustSearch(t, ix, q)
				ids, err := ix.SearchIDs(context.Background(), q, 0)
				if err != nil {
					t.Fatal(err)
				}
				if uint64(len(ids)) != res.Total {
					t.Fatalf("%+v: %d ids, total %d", q, len(ids), res.Total)
				}
				want := trueFacets(arts, ids)
				for name, got := range map[string][]govwire.FacetCount{"labels": res.Facets.Labels,
					"vendors": res.Facets.Vendors, "agencies": res.Facets.Agencies, "sources": res.Facets.Sources,
					"months": res.Facets.Months} {
					for _, fc := range got {
						truth := want[name][fc.Value]
						switch {
						case fc.Exact && fc.Count != truth:
							t.Errorf("%+v: %s %s = %d marked exact, the articles say %d", q, name, fc.Value, fc.Count, truth)
						case !fc.Exact && (tc.limit < 0 || res.Total <= uint64(tc.limit)):
							t.Errorf("%+v: %s %s estimated with %d matches, limit %d", q, name, fc.Value, res.Total, tc.limit)
						case !fc.Exact && (fc.Count < 1 || uint64(fc.Count) > res.Total):
							t.Errorf("%+v: %s %s estimate %d outside 1..%d", q, name, fc.Value, fc.Count, res.Total)
						case !fc.Exact:
							estimated++
							// The sample is fixed by the ids, so this is deterministic:
							// estimates of common values land near the truth.
							if truth*10 > int(res.Total) && (fc.Count*2 < truth || fc.Count > truth*2) {
								t.Errorf("%+v: %s %s estimate %d, truth %d", q, name, fc.Value, fc.Count, truth)
							}
						}
					}
				}
			}
			if tc.wantEstimates != (estimated > 0) {
				t.Errorf("%d estimated counts, want estimates: %v", estimated, tc.wantEstimates)
			}
		})
	}
}

// TestFacetsExactOnUnsampledIndex: an index written before the sample terms
// existed (no mark) counts every facet exactly, however many matches.
func TestFacetsExactOnUnsampledIndex(t *testing.T) {
	ix := memIndexWith(t, genArticles(1000), Options{ExactFacetLimit: 10})
	ix.sampled.Store(false)
	res := mustSearch(t, ix, govwire.SearchQuery{Q: "cloud"})
	if res.Total <= 10 {
		t.Fatalf("total %d: the test needs more matches than the limit", res.Total)
	}
	for _, fc := range res.Facets.Labels {
		if !fc.Exact {
			t.Errorf("label %s estimated on an unsampled index", fc.Value)
		}
	}
}
