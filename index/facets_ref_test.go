package index

import (
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/govwire/govwire"
)

// addFacets asks Bleve's own term facets for req's matches: the reference
// the facet tables (facetcount.go) are checked against.
func addFacets(req *bleve.SearchRequest) {
	for _, f := range facetSizes {
		req.AddFacet(f.name, bleve.NewFacetRequest(f.field, f.size))
	}
}

// bleveFacets converts Bleve's facet results as Search shows facets:
// months newest first, the others by count.
func bleveFacets(fr search.FacetResults) govwire.Facets {
	get := func(name string) []govwire.FacetCount {
		out := []govwire.FacetCount{}
		r, ok := fr[name]
		if !ok || r == nil {
			return out
		}
		for _, t := range r.Terms.Terms() {
			out = append(out, govwire.FacetCount{Value: t.Term, Count: t.Count, Exact: true})
		}
		return out
	}
	f := govwire.Facets{
		Labels: get("labels"), Vendors: get("vendors"), Agencies: get("agencies"),
		Sources: get("sources"), Months: get("months"), Via: get("via"),
	}
	sort.SliceStable(f.Months, func(i, j int) bool { return f.Months[i].Value > f.Months[j].Value })
	return f
}
