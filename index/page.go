package index

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

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

// tieMargin is how many hits fastRequest asks for beyond each edge of the
// page, so that sort-key ties across an edge can be put in id order.
const tieMargin = 32

// fastRequest returns req sorted by score or date alone, asking for the
// page with up to tieMargin hits more on each side. Sorting on the document
// id as well (the tie-break that makes the order total) makes Bleve load
// the id of every match, a stored-field read that was ~15% of a search's
// CPU, and keeps score-sorted searches off its fast path.
func fastRequest(req *bleve.SearchRequest, sortBy string, from, size int) *bleve.SearchRequest {
	r := *req
	r.Sort = sortOrder(sortBy)[:1]
	r.From = max(from-tieMargin, 0)
	r.Size = from - r.From + size + tieMargin
	return &r
}

// fastPage runs p's page with p.fast and restores the total order (key,
// then id). Bleve orders equal keys its own way, so a group of hits sharing
// a key may be cut differently at an edge of the page; but when the groups
// at both edges of the page end inside the fetched margin (or at the end
// of the results), every group that reaches into the page was fetched
// whole, and sorting the fetched hits by key and id yields exactly the
// page. Otherwise (a tie group wider than the margin) it runs p.req.
// count, if not nil, counts the facets of the matches of the first request
// (or only locates them, see newLocator) and serves a date sort from the
// segments' date columns (dateSort).
func (ix *Index) fastPage(ctx context.Context, p *plan, count *facetCounter) (*bleve.SearchResult, error) {
	first := ctx
	if count != nil {
		first = count.context(ctx)
	}
	if p.fast == nil {
		return ix.run(first, p.req)
	}
	fast := p.fast
	if p.sortBy == SortDate && count != nil {
		r := *p.fast
		r.Sort = search.SortOrder{newDateSort(count)}
		fast = &r
	}
	sr, err := ix.run(first, fast)
	if err != nil {
		return nil, err
	}
	key := func(h *search.DocumentMatch) string {
		if p.sortBy == SortDate && len(h.Sort) > 0 {
			return h.Sort[0]
		}
		return strconv.FormatFloat(h.Score, 'g', -1, 64)
	}
	hits := sr.Hits
	lead := p.from - p.fast.From // hits before the page
	if lead >= len(hits) {
		sr.Hits = nil
		return sr, nil
	}
	last := min(lead+p.size, len(hits)) - 1
	if p.fast.From > 0 && key(hits[0]) == key(hits[lead]) {
		return ix.run(ctx, p.req) // the first hit's group may start before the margin
	}
	if len(hits) == p.fast.Size && key(hits[len(hits)-1]) == key(hits[last]) {
		return ix.run(ctx, p.req) // the last hit's group may go on past the margin
	}
	slices.SortStableFunc(hits, func(a, b *search.DocumentMatch) int {
		if ka, kb := key(a), key(b); ka != kb {
			if p.sortBy == SortDate {
				return -strings.Compare(ka, kb) // encoded dates sort as strings; newest first
			}
			return -cmp.Compare(a.Score, b.Score)
		}
		return strings.Compare(a.ID, b.ID)
	})
	sr.Hits = hits[lead : last+1]
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
// only, with a second request limited to their ids, and makes hits of them
// in the page's order. A match deleted in between is left out.
func (ix *Index) hydrate(ctx context.Context, p *plan, chosen []*search.DocumentMatch) ([]govwire.Hit, error) {
	hits := make([]govwire.Hit, 0, len(chosen))
	if len(chosen) == 0 {
		return hits, nil
	}
	ids := make([]string, len(chosen))
	for i, h := range chosen {
		ids[i] = h.ID
	}
	q := query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), p.query})
	req := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
	req.Fields = hitFields
	req.IncludeLocations = true
	sr, err := ix.run(ctx, req)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*search.DocumentMatch, len(sr.Hits))
	for _, f := range sr.Hits {
		byID[f.ID] = f
	}
	for _, h := range chosen {
		if f, ok := byID[h.ID]; ok {
			hits = append(hits, toHit(h, f))
		}
	}
	return hits, nil
}
