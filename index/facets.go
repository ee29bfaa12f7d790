package index

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/bits"
	"sort"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govwire/govwire"
)

// facet names and sizes.
var facetSizes = []struct {
	name, field string
	size        int
}{
	{"labels", fieldLabels, len(govwire.Labels)},
	{"vendors", fieldVendors, 20},
	{"agencies", fieldAgencies, 20},
	{"sources", fieldSource, 20},
	{"months", fieldMonth, 36},
	{"via", fieldVia, len(govwire.Vias)},
}

// Facet counting reads the doc values of every match, which is most of the
// cost of a search with tens of thousands of matches. Above
// Options.ExactFacetLimit matches, facets are counted over a sample: every
// document carries the terms s1..sK of its sample levels, where K is the
// number of trailing zero bits of a hash of its id (so about one document
// in 2^k carries sk, and each level is a subset of the one below). A
// sampled count is the conjunction of the query with one sk term, which
// Bleve answers by skipping through the postings: about sampleTarget
// documents are read instead of all the matches. Each count is then scaled
// by total/sampled and marked Exact false.
const (
	maxSampleLevel = 16
	sampleTarget   = 1000
)

// sampleKey marks an index whose every document carries its sample terms:
// one created before them counts every facet exactly until it is rebuilt.
var sampleKey = []byte("govwire_sample_v1")

// sampleTerms[k] is the sample terms of a document of level k.
var sampleTerms = func() [][]string {
	out := make([][]string, maxSampleLevel+1)
	var terms []string
	for k := range out {
		out[k] = terms[:len(terms):len(terms)]
		terms = append(terms, sampleTerm(k+1))
	}
	return out
}()

func sampleTerm(k int) string { return "s" + strconv.Itoa(k) }

// sampleOf returns the sample terms of the document id.
func sampleOf(id string) []string {
	h := fnv.New32a()
	h.Write([]byte(id))
	return sampleTerms[min(bits.TrailingZeros32(h.Sum32()), maxSampleLevel)]
}

// countFacets counts the facets of p's matches, of which pg holds the
// total (nil: unknown, count exactly).
func (ix *Index) countFacets(ctx context.Context, p *plan, pg *page) (govwire.Facets, error) {
	limit := ix.opt.ExactFacetLimit
	if pg == nil || limit < 0 || pg.total <= uint64(limit) || !ix.sampled.Load() {
		return ix.facetRequest(ctx, p.query)
	}
	target := uint64(max(min(sampleTarget, limit/2), 1))
	level := 1
	for pg.total>>level > target && level < maxSampleLevel {
		level++
	}
	tq := query.NewTermQuery(sampleTerm(level))
	tq.SetField(fieldSample)
	req := facetsRequest(query.NewConjunctionQuery([]query.Query{p.query, tq}))
	sr, err := ix.run(ctx, req)
	if err != nil {
		return govwire.Facets{}, err
	}
	if sr.Total == 0 { // nothing in the sample: count them all
		return ix.facetRequest(ctx, p.query)
	}
	return estimate(facets(sr.Facets), float64(pg.total)/float64(sr.Total), int(pg.total)), nil
}

// facetRequest counts the facets of every match of q exactly.
func (ix *Index) facetRequest(ctx context.Context, q query.Query) (govwire.Facets, error) {
	sr, err := ix.run(ctx, facetsRequest(q))
	if err != nil {
		return govwire.Facets{}, err
	}
	return facets(sr.Facets), nil
}

// facetsRequest asks for the facets of q's matches: no hits, no scores.
func facetsRequest(q query.Query) *bleve.SearchRequest {
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.Score = "none"
	addFacets(req)
	return req
}

func addFacets(req *bleve.SearchRequest) {
	for _, f := range facetSizes {
		req.AddFacet(f.name, bleve.NewFacetRequest(f.field, f.size))
	}
}

// estimate scales sampled counts by scale, capped at total, and marks them
// as estimates.
func estimate(f govwire.Facets, scale float64, total int) govwire.Facets {
	for _, l := range []*[]govwire.FacetCount{&f.Labels, &f.Vendors, &f.Agencies, &f.Sources, &f.Months, &f.Via} {
		for i := range *l {
			c := &(*l)[i]
			c.Count = min(max(int(math.Round(float64(c.Count)*scale)), 1), total)
			c.Exact = false
		}
	}
	return f
}

// facets converts Bleve's facet results, exact counts; months are listed
// newest first, the others by count.
func facets(fr search.FacetResults) govwire.Facets {
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

// readSampled reports whether every document of bi carries its sample
// terms: the index says so, or it is empty and is marked now.
func readSampled(bi bleve.Index) (bool, error) {
	b, err := bi.GetInternal(sampleKey)
	if err != nil {
		return false, fmt.Errorf("read index sample mark: %w", err)
	}
	if len(b) > 0 {
		return true, nil
	}
	if n, err := bi.DocCount(); err != nil || n > 0 {
		return false, err
	}
	if err := bi.SetInternal(sampleKey, []byte{1}); err != nil {
		return false, fmt.Errorf("mark index sampled: %w", err)
	}
	return true, nil
}
