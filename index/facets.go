package index

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/bits"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govwire/govwire"
)

// facet names and sizes, in the order of govwire.Facets' fields.
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

// Facets are counted exactly, in the pass over the matches that finds the
// page (facetcount.go). Options.ExactFacetLimit, when set, counts the facets
// of searches with more matches over a sample instead: every document
// carries the terms s1..sK of its sample levels, where K is the number of
// trailing zero bits of a hash of its id (so about one document in 2^k
// carries sk, and each level is a subset of the one below). A sampled count
// is the conjunction of the query with one sk term, which Bleve answers by
// skipping through the postings: about sampleTarget documents are read
// instead of all the matches. Each count is then scaled by total/sampled
// and marked Exact false.
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
// total (nil: unknown). They are exact, unless Options.ExactFacetLimit is
// set, pg has more matches than that and the index carries the sample
// terms: then they are counted over the sample and scaled.
func (ix *Index) countFacets(ctx context.Context, p *plan, pg *page) (govwire.Facets, error) {
	if pg == nil || !ix.estimates(pg.total) {
		return ix.exactFacets(ctx, p.query)
	}
	limit := ix.opt.ExactFacetLimit
	target := uint64(max(min(sampleTarget, limit/2), 1))
	level := 1
	for pg.total>>level > target && level < maxSampleLevel {
		level++
	}
	tq := query.NewTermQuery(sampleTerm(level))
	tq.SetField(fieldSample)
	c := ix.newFacetCounter()
	if _, err := ix.run(c.context(ctx), countRequest(query.NewConjunctionQuery([]query.Query{p.query, tq}))); err != nil {
		return govwire.Facets{}, err
	}
	if c.matches == 0 { // nothing in the sample: count them all
		return ix.exactFacets(ctx, p.query)
	}
	return estimate(c.facets(), float64(pg.total)/float64(c.matches), int(pg.total)), nil
}

// estimates reports whether a search with total matches counts its facets
// over the sample.
func (ix *Index) estimates(total uint64) bool {
	limit := ix.opt.ExactFacetLimit
	return limit > 0 && total > uint64(limit) && ix.sampled.Load()
}

// exactFacets counts the facets of every match of q.
func (ix *Index) exactFacets(ctx context.Context, q query.Query) (govwire.Facets, error) {
	c := ix.newFacetCounter()
	if _, err := ix.run(c.context(ctx), countRequest(q)); err != nil {
		return govwire.Facets{}, err
	}
	return c.facets(), nil
}

// countRequest visits every match of q: no hits, no scores.
func countRequest(q query.Query) *bleve.SearchRequest {
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.Score = "none"
	return req
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
