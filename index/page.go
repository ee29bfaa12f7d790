package index

import (
	"context"
	"slices"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govwire/govwire"
)

// page is one computed page of a search, without facets: what the page cache
// holds. It is never modified once cached; result copies it.
type page struct {
	total uint64
	hits  []govwire.Hit
	next  string
}

// result returns a SearchResult of pg and fc that shares no slice with the
// cache, so callers may modify it.
func (pg *page) result(fc govwire.Facets) *govwire.SearchResult {
	res := &govwire.SearchResult{Total: pg.total, Hits: make([]govwire.Hit, len(pg.hits)), Next: pg.next}
	for i, h := range pg.hits {
		h.Labels = slices.Clone(h.Labels)
		res.Hits[i] = h
	}
	res.Facets = govwire.Facets{
		Labels: slices.Clone(fc.Labels), Vendors: slices.Clone(fc.Vendors), Agencies: slices.Clone(fc.Agencies),
		Sources: slices.Clone(fc.Sources), Months: slices.Clone(fc.Months), Via: slices.Clone(fc.Via),
	}
	return res
}

// fastRequest returns req sorted by score or date alone, without the
// cursor and from the first match: pageTop (topn.go) chooses the page in
// total order from its matches. Sorting on the document id as well makes
// Bleve read the stored id of every match (~15% of a search's CPU) and
// keeps score-sorted searches off its fast path.
func fastRequest(req *bleve.SearchRequest, sortBy string, from, size int) *bleve.SearchRequest {
	r := *req
	r.Sort = sortOrder(sortBy)[:1]
	r.From, r.Size = 0, from+size
	r.SearchAfter = nil
	return &r
}

// fastPage runs p's page request. With p.fast, pageTop chooses the page's
// matches in total order (key, then id) and a date sort reads the date
// columns (dateSort); otherwise (collapse, or a cursor whose key cannot be
// read back) Bleve's request p.req runs. count, if not nil, counts the
// facets of the matches.
func (ix *Index) fastPage(ctx context.Context, p *plan, count *facetCounter) (*bleve.SearchResult, error) {
	if p.fast == nil {
		if count != nil {
			ctx = count.context(ctx)
		}
		return ix.run(ctx, p.req)
	}
	if count == nil {
		count = ix.newLocator()
	}
	top, ok := newPageTop(p, p.from+p.size, p.after)
	if !ok {
		return ix.run(count.context(ctx), p.req)
	}
	count.top, count.filter = top, p.cols
	r := *p.fast
	if p.sortBy == SortDate {
		r.Sort = search.SortOrder{newDateSort(count)}
	}
	sr, err := ix.run(count.context(ctx), &r)
	if err != nil {
		return nil, err
	}
	sr.Hits = top.page(p.from, p.size)
	sr.Total = count.matches // the matches that passed the column filters
	return sr, nil
}

// pick chooses the page's matches among Bleve's hits (collapsing clusters
// when asked) and returns them with the cursor of the following page.
func (p *plan) pick(sr *bleve.SearchResult) ([]*search.DocumentMatch, string) {
	var chosen []*search.DocumentMatch
	if p.collapse {
		seen := map[string]bool{}
		kept := 0
		for _, h := range sr.Hits {
			c := fieldString(h.Fields[fieldCluster])
			if c == "" {
				c = h.ID
			}
			if seen[c] {
				continue
			}
			seen[c] = true
			kept++
			if kept <= p.from {
				continue
			}
			chosen = append(chosen, h)
			if len(chosen) == p.size {
				break
			}
		}
	} else {
		chosen = sr.Hits
	}
	next := ""
	if len(chosen) == p.size && uint64(p.from+p.size) < sr.Total {
		next = p.cursorAfter(chosen[len(chosen)-1]).encode()
	}
	return chosen, next
}

func (p *plan) cursorAfter(h *search.DocumentMatch) cursor {
	if p.sortBy == SortDate && len(h.Sort) > 0 {
		return cursor{Sort: p.sortBy, Keys: []string{decodeDateKey(h.Sort[0]), h.ID}}
	}
	return cursor{Sort: p.sortBy, Keys: []string{strconv.FormatFloat(h.Score, 'g', -1, 64), h.ID}}
}

// hydrate loads the stored fields and term locations of the chosen matches
// only, with a second request limited to their ids, and their text from
// Options.Texts, and makes hits of them in the page's order. A match deleted
// in between is left out.
func (ix *Index) hydrate(ctx context.Context, p *plan, chosen []*search.DocumentMatch) ([]govwire.Hit, error) {
	hits := make([]govwire.Hit, 0, len(chosen))
	if len(chosen) == 0 {
		return hits, nil
	}
	ids := make([]string, len(chosen))
	for i, h := range chosen {
		ids[i] = h.ID
	}
	// The filters are left out: the chosen matches pass them, and they are
	// on fields without term vectors, so they add no locations, only the
	// work of opening and advancing their searchers (a date range is a
	// disjunction of many terms).
	q := query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), p.user})
	req := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
	req.Fields = hitFields
	req.IncludeLocations = true
	sr, err := ix.run(ctx, req)
	if err != nil {
		return nil, err
	}
	texts, err := ix.pageTexts(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*search.DocumentMatch, len(sr.Hits))
	for _, f := range sr.Hits {
		byID[f.ID] = f
	}
	for _, h := range chosen {
		if f, ok := byID[h.ID]; ok {
			hits = append(hits, toHit(h, f, texts[h.ID]))
		}
	}
	return hits, nil
}
