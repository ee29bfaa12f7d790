package index

import (
	"context"
	"strconv"

	"github.com/govwire/govwire"
)

// idsPage is how many ids SearchIDs fetches per Bleve request.
const idsPage = 1000

// SearchIDs returns the ids of up to limit articles matching q's text and
// filters, in q's sort order, for exports selected by a query. It pages
// with search-after and loads no stored fields, so it is cheap per id.
// Page, Size, After and Collapse are ignored; limit <= 0 means no limit.
func (ix *Index) SearchIDs(ctx context.Context, q govwire.SearchQuery, limit int) ([]string, error) {
	q.Page, q.Size, q.After, q.Collapse = 0, 0, "", false
	p, err := newPlan(q)
	if err != nil {
		return nil, err
	}
	req := p.req
	req.Fields, req.IncludeLocations, req.Facets = nil, false, nil
	var ids []string
	for {
		req.Size = idsPage
		if limit > 0 {
			req.Size = min(idsPage, limit-len(ids))
		}
		sctx, cancel := ix.searchContext(ctx)
		sr, err := ix.run(sctx, req)
		if err != nil {
			err = ix.searchError(sctx, err)
			cancel()
			return ids, err
		}
		cancel()
		for _, h := range sr.Hits {
			ids = append(ids, h.ID)
		}
		if len(sr.Hits) < req.Size || (limit > 0 && len(ids) >= limit) {
			return ids, nil
		}
		last := sr.Hits[len(sr.Hits)-1]
		if p.sortBy == SortDate && len(last.DecodedSort) > 0 {
			req.SearchAfter = []string{last.DecodedSort[0], last.ID}
		} else {
			req.SearchAfter = []string{strconv.FormatFloat(last.Score, 'g', -1, 64), last.ID}
		}
	}
}
