package index

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

func mustSearch(t *testing.T, ix *Index, q govwire.SearchQuery) *govwire.SearchResult {
	t.Helper()
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	return res
}

func TestSearchQueries(t *testing.T) {
	ix := memIndex(t, fixtures(t))
	all := false
	tests := []struct {
		name string
		q    govwire.SearchQuery
		want []string // ids, any order
	}{
		{"keyword", govwire.SearchQuery{Q: "WildandStormy"}, []string{"a5"}},
		{"stemmed", govwire.SearchQuery{Q: "protesting"}, []string{"a1", "a2", "a5", "a8"}},
		{"phrase keeps word order", govwire.SearchQuery{Q: `"conflict of interest"`}, []string{"a4"}},
		{"phrase with off-topic", govwire.SearchQuery{Q: `"conflict of interest"`, OnTopic: &all}, []string{"a4", "a7"}},
		{"words without phrase", govwire.SearchQuery{Q: "+conflict +interest"}, []string{"a4", "a9"}},
		{"field in query", govwire.SearchQuery{Q: "title:JEDI"}, []string{"a4"}},
		{"alias field in query", govwire.SearchQuery{Q: "label:award"}, []string{"a3", "a5"}},
		{"keyword field with spaces", govwire.SearchQuery{Q: `vendor:"Amazon Web Services"`}, []string{"a3", "a4", "a5"}},
		{"must not", govwire.SearchQuery{Q: "+oracle -hostile -script"}, []string{"a1", "a2", "a3"}},
		{"numeric score field", govwire.SearchQuery{Q: "score_protest:>0.8"}, []string{"a1", "a2", "a5"}},
		{"prefix wildcard", govwire.SearchQuery{Q: "sovereig*"}, []string{"a10"}},
		{"fuzzy within limit", govwire.SearchQuery{Q: "Orcle~1"}, []string{"a1", "a2", "a3", "a8"}},
		{"label filter", govwire.SearchQuery{Labels: []string{"protest"}}, []string{"a1", "a2", "a5", "a8"}},
		{"two labels are any", govwire.SearchQuery{Labels: []string{"award", "allegation"}}, []string{"a3", "a4", "a5"}},
		{"vendor and label", govwire.SearchQuery{Vendors: []string{"Oracle"}, Labels: []string{"award"}}, []string{"a3"}},
		{"agency", govwire.SearchQuery{Agencies: []string{"Department of Defense"}}, []string{"a1", "a2", "a4"}},
		{"programme", govwire.SearchQuery{Programmes: []string{"C2E"}}, []string{"a3"}},
		{"source", govwire.SearchQuery{Sources: []string{"defensenews"}}, []string{"a1", "a5"}},
		{"query and filter", govwire.SearchQuery{Q: "warfighting", Labels: []string{"protest"}, Sources: []string{"reuters"}}, []string{"a2"}},
		{"date range", govwire.SearchQuery{Since: day("2026-10-01"), Until: day("2026-10-06")}, []string{"a1", "a2"}},
		{"until is exclusive", govwire.SearchQuery{Until: day("2026-07-01").Add(12 * time.Hour)}, []string{"a9"}},
		{"unknown date uses fetched", govwire.SearchQuery{Since: day("2026-11-15")}, []string{"a10"}},
		{"off-topic excluded by default", govwire.SearchQuery{Q: "derby"}, []string{}},
		{"off-topic included on request", govwire.SearchQuery{Q: "derby", OnTopic: &all}, []string{"a7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, ix, tt.q)
			if got := sorted(ids(res.Hits)); !slices.Equal(got, sorted(tt.want)) {
				t.Errorf("hits = %v, want %v", got, sorted(tt.want))
			}
			if res.Total != uint64(len(tt.want)) {
				t.Errorf("total = %d, want %d", res.Total, len(tt.want))
			}
		})
	}
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestSearchRelevance(t *testing.T) {
	ix := memIndex(t, fixtures(t))
	res := mustSearch(t, ix, govwire.SearchQuery{Q: "Oracle protest JWCC"})
	if len(res.Hits) < 3 {
		t.Fatalf("hits = %v", ids(res.Hits))
	}
	// The two JWCC protest stories carry all three words; a3 only one.
	top := sorted(ids(res.Hits[:2]))
	if !slices.Equal(top, []string{"a1", "a2"}) {
		t.Errorf("top two = %v, want a1 and a2; all: %v", top, ids(res.Hits))
	}
	for i := 1; i < len(res.Hits); i++ {
		if res.Hits[i].Score > res.Hits[i-1].Score {
			t.Errorf("hit %d scores %v above hit %d's %v", i, res.Hits[i].Score, i-1, res.Hits[i-1].Score)
		}
	}
	// A title match outweighs the same word in the text only.
	res = mustSearch(t, ix, govwire.SearchQuery{Q: "JEDI"})
	if len(res.Hits) == 0 || res.Hits[0].ID != "a4" {
		t.Errorf("JEDI: hits = %v, want a4 first", ids(res.Hits))
	}
}

func TestSearchSortDate(t *testing.T) {
	arts := fixtures(t)
	ix := memIndex(t, arts)
	res := mustSearch(t, ix, govwire.SearchQuery{Q: "cloud", Sort: SortDate})
	if len(res.Hits) < 3 {
		t.Fatalf("hits = %v", ids(res.Hits))
	}
	for i := 1; i < len(res.Hits); i++ {
		if res.Hits[i].Published.After(res.Hits[i-1].Published) {
			t.Errorf("hit %d (%s, %s) is newer than hit %d (%s, %s)", i, res.Hits[i].ID, res.Hits[i].Published, i-1, res.Hits[i-1].ID, res.Hits[i-1].Published)
		}
	}
	// No query text: newest first even without asking.
	res = mustSearch(t, ix, govwire.SearchQuery{})
	if res.Hits[0].ID != "a10" {
		t.Errorf("empty query: first hit %s, want a10 (fetched 2026-11-20)", res.Hits[0].ID)
	}
}

func TestSearchHitFields(t *testing.T) {
	arts := fixtures(t)
	ix := memIndex(t, arts)
	res := mustSearch(t, ix, govwire.SearchQuery{Q: "WildandStormy"})
	if len(res.Hits) != 1 {
		t.Fatalf("hits = %v", ids(res.Hits))
	}
	h, a := res.Hits[0], arts[4]
	if h.Title != a.Title || h.URL != a.URL || h.Source != a.Source || !h.Published.Equal(a.Published) ||
		!slices.Equal(h.Labels, a.Labels) || h.ClusterID != a.ClusterID || h.Score <= 0 {
		t.Errorf("hit = %+v\nfrom article %+v", h, a)
	}
	if !strings.Contains(h.Snippet, "<mark>WildandStormy</mark>") {
		t.Errorf("snippet = %q", h.Snippet)
	}
	if res.TookMS <= 0 {
		t.Errorf("took_ms = %v", res.TookMS)
	}
}

func TestSearchFacets(t *testing.T) {
	arts := fixtures(t)
	ix := memIndex(t, arts)
	res := mustSearch(t, ix, govwire.SearchQuery{})
	want := map[string]map[string]int{"labels": {}, "vendors": {}, "agencies": {}, "sources": {}, "months": {}}
	for _, a := range arts {
		if !a.OnTopic {
			continue
		}
		for _, l := range a.Labels {
			want["labels"][l]++
		}
		for _, v := range a.EntityValues(govwire.EntityVendor) {
			want["vendors"][v]++
		}
		for _, v := range a.EntityValues(govwire.EntityAgency) {
			want["agencies"][v]++
		}
		want["sources"][a.Source]++
		d := a.Published
		if d.IsZero() {
			d = a.Fetched
		}
		want["months"][d.Format("2006-01")]++
	}
	got := map[string][]govwire.FacetCount{
		"labels": res.Facets.Labels, "vendors": res.Facets.Vendors, "agencies": res.Facets.Agencies,
		"sources": res.Facets.Sources, "months": res.Facets.Months,
	}
	for name, counts := range want {
		t.Run(name, func(t *testing.T) {
			m := map[string]int{}
			for _, fc := range got[name] {
				m[fc.Value] = fc.Count
			}
			if len(m) != len(counts) {
				t.Errorf("%d values %v, want %d %v", len(m), m, len(counts), counts)
			}
			for v, n := range counts {
				if m[v] != n {
					t.Errorf("%s = %d, want %d", v, m[v], n)
				}
			}
		})
	}
	for i := 1; i < len(res.Facets.Months); i++ {
		if res.Facets.Months[i].Value > res.Facets.Months[i-1].Value {
			t.Errorf("months not newest first: %v", res.Facets.Months)
		}
	}
	// Facets follow the filters.
	res = mustSearch(t, ix, govwire.SearchQuery{Labels: []string{"award"}})
	for _, fc := range res.Facets.Labels {
		if fc.Value == "award" && fc.Count != 2 || fc.Value == "bid" {
			t.Errorf("label facets under label=award: %v", res.Facets.Labels)
		}
	}
}

func TestSearchCollapse(t *testing.T) {
	ix := memIndex(t, fixtures(t))
	q := govwire.SearchQuery{Q: "Oracle JWCC protest"}
	plain := mustSearch(t, ix, q)
	q.Collapse = true
	col := mustSearch(t, ix, q)
	clusters := map[string]bool{}
	for _, h := range col.Hits {
		if clusters[h.ClusterID] {
			t.Errorf("cluster %s appears twice: %v", h.ClusterID, ids(col.Hits))
		}
		clusters[h.ClusterID] = true
	}
	if len(col.Hits) != len(plain.Hits)-1 {
		t.Errorf("collapsed %v from %v: want exactly one copy dropped", ids(col.Hits), ids(plain.Hits))
	}
	if col.Hits[0].ID != plain.Hits[0].ID {
		t.Errorf("collapse kept %s, want the best hit %s", col.Hits[0].ID, plain.Hits[0].ID)
	}
	if col.Total != plain.Total {
		t.Errorf("total %d, want the raw total %d", col.Total, plain.Total)
	}
}

func TestSearchSortDateSnippets(t *testing.T) {
	ix := memIndex(t, fixtures(t))
	res := mustSearch(t, ix, govwire.SearchQuery{Q: `"bid protest"`, Sort: SortDate})
	if len(res.Hits) == 0 {
		t.Fatal("no hits")
	}
	for _, h := range res.Hits {
		if !strings.Contains(h.Snippet, "<mark>") {
			t.Errorf("date-sorted hit %s has no marked snippet: %q", h.ID, h.Snippet)
		}
	}
}
