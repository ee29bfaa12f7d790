package index

import (
	"testing"

	"github.com/govwire/govwire"
)

// TestViaFacetAndQuery: the via facet counts how hits were found (an
// article without a via counts as feed), and via: narrows a query.
func TestViaFacetAndQuery(t *testing.T) {
	arts := fixtures(t)
	if len(arts) < 3 {
		t.Fatalf("need 3 fixtures, have %d", len(arts))
	}
	arts[0].Via = govwire.ViaWARC
	arts[1].Via = govwire.ViaSitemap
	for _, a := range arts[2:] {
		a.Via = ""
	}
	ix := memIndex(t, arts)
	off := false
	res := mustSearch(t, ix, govwire.SearchQuery{OnTopic: &off})
	got := map[string]int{}
	for _, f := range res.Facets.Via {
		got[f.Value] = f.Count
	}
	want := map[string]int{"warc": 1, "sitemap": 1, "feed": len(arts) - 2}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("via facet %s = %d, want %d (all: %v)", k, got[k], v, got)
		}
	}
	res = mustSearch(t, ix, govwire.SearchQuery{Q: "via:warc", OnTopic: &off})
	if res.Total != 1 || res.Hits[0].ID != arts[0].ID {
		t.Errorf("via:warc matched %d hits %v, want only %s", res.Total, ids(res.Hits), arts[0].ID)
	}
}
