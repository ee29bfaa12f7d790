package index

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govwire/govwire"
)

// searchMaxTermsKey carries Options.MaxTermSearchers to Bleve.
const searchMaxTermsKey = search.MaxTermSearchersKey

// collapseFactor is how many raw hits per wanted hit a collapsed search
// fetches, so that dropping cluster copies still fills the page.
const collapseFactor = 4

// Sort orders.
const (
	SortRelevance = "relevance"
	SortDate      = "date"
)

var hitFields = []string{fieldTitle, fieldURL, fieldSource, fieldLabels, fieldCluster, fieldPublished, fieldLabelSrc}

// plan is a validated search: the Bleve request of its page and how to page
// it. The request asks for no stored fields, term locations or facets: the
// page's hits are hydrated by a second request over their ids, and facets
// come from the facet cache or are added to the request on a miss.
type plan struct {
	query    query.Query // the user's query with the filters
	user     query.Query // the user's query alone: what hydrate's locations come from
	req      *bleve.SearchRequest
	fast     *bleve.SearchRequest // the page by key alone for pageTop, or nil (see fastPage)
	after    *cursor              // the decoded cursor, or nil
	cols     *colFilter           // the filters fast's match handler checks, or nil
	sortBy   string
	from     int // hits to skip after collapsing
	size     int
	collapse bool
	pageKey  string // cache key of the page: facetKey plus paging and sort
	facetKey string // cache key of the facets: query text and filters
}

// Search runs sq. Bad input and costly queries are EINVALID errors with a
// message fit for the user; a search over Options.SearchTimeout is ETIMEOUT. With
// Collapse, the page holds the best hit of each near-duplicate cluster among
// the top raw hits (from+size)*4; Total and Facets still count every
// matching article, and pages reached by cursor are collapsed on their own.
//
// Pages and facets are cached (see Options.CacheLag): an identical search is
// answered from memory while the index has not changed, and, on an on-disk
// index that keeps being written, for up to CacheLag after it was computed.
func (ix *Index) Search(ctx context.Context, sq govwire.SearchQuery) (res *govwire.SearchResult, err error) {
	start := time.Now()
	p, err := newPlan(sq)
	if err != nil {
		return nil, err
	}
	ctx, cancel := ix.searchContext(ctx)
	defer cancel()

	pg, fc, err := ix.cached(ctx, p)
	if err != nil {
		return nil, ix.searchError(ctx, err)
	}
	res = pg.result(fc)
	res.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return res, nil
}

// run searches under the read lock, turning a panic inside Bleve into an error.
func (ix *Index) run(ctx context.Context, req *bleve.SearchRequest) (sr *bleve.SearchResult, err error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return nil, errClosed
	}
	defer func() {
		if r := recover(); r != nil {
			ix.log.Error("search panicked", "panic", fmt.Sprint(r))
			err = fmt.Errorf("search panicked: %v", r)
		}
	}()
	return ix.bi.SearchInContext(ctx, req)
}

// searchContext bounds ctx by the search deadline and carries the term cap.
func (ix *Index) searchContext(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(ctx, ix.opt.SearchTimeout)
	return context.WithValue(ctx, searchMaxTermsKey, ix.opt.MaxTermSearchers), cancel
}

// searchError turns a failed search's error into one for the user.
func (ix *Index) searchError(ctx context.Context, err error) error {
	var ge *govwire.Error
	switch {
	case errors.As(err, &ge):
		return err
	case errors.Is(ctx.Err(), context.DeadlineExceeded), errors.Is(err, context.DeadlineExceeded):
		return govwire.Errorf(govwire.ETIMEOUT, "the search took longer than %s; narrow the query", ix.opt.SearchTimeout)
	case strings.Contains(err.Error(), "TooManyTermSearchers"):
		return govwire.Errorf(govwire.EINVALID, "the query expands to more than %d terms; make wildcards and fuzzy terms more specific", ix.opt.MaxTermSearchers)
	case strings.Contains(err.Error(), "fuzziness exceeds max"):
		return govwire.Errorf(govwire.EINVALID, "fuzziness above %d is not allowed", MaxFuzziness)
	}
	return fmt.Errorf("search: %w", err)
}

// newPlan validates sq and builds its Bleve request.
func newPlan(sq govwire.SearchQuery) (*plan, error) {
	size := sq.Size
	if size == 0 {
		size = govwire.DefaultPageSize
	}
	if size < 0 || size > govwire.MaxPageSize {
		return nil, govwire.Errorf(govwire.EINVALID, "size must be between 1 and %d, not %d", govwire.MaxPageSize, sq.Size)
	}
	page := max(sq.Page, 1)
	if sq.Page < 0 {
		return nil, govwire.Errorf(govwire.EINVALID, "page must be 1 or more, not %d", sq.Page)
	}
	if sq.After != "" && page > 1 {
		return nil, govwire.Errorf(govwire.EINVALID, "use either page or after, not both")
	}
	from := (page - 1) * size
	if from+size > govwire.MaxDeepOffset {
		return nil, govwire.Errorf(govwire.EINVALID, "pages beyond the first %d hits need the after cursor (the next field of the previous page)", govwire.MaxDeepOffset)
	}
	userQ, err := parseQuery(sq.Q)
	if err != nil {
		return nil, err
	}
	sortBy, err := sortOf(sq)
	if err != nil {
		return nil, err
	}
	fs, err := filters(sq)
	if err != nil {
		return nil, err
	}
	bq := query.NewBooleanQuery([]query.Query{userQ}, nil, nil)
	if len(fs) > 0 {
		bq.AddFilter(query.NewConjunctionQuery(fs))
	}

	p := &plan{query: bq, user: userQ, sortBy: sortBy, from: from, size: size, collapse: sq.Collapse}
	p.facetKey, p.pageKey = cacheKeys(sq, sortBy, from, size)
	n := from + size
	if sq.Collapse {
		n = min(n*collapseFactor, govwire.MaxDeepOffset)
	}
	req := bleve.NewSearchRequestOptions(bq, n, 0, false)
	if !sq.Collapse {
		req.From, req.Size = from, size
	} else {
		req.Fields = []string{fieldCluster}
	}
	req.Sort = sortOrder(sortBy)
	if sortBy == SortDate {
		req.Score = "none" // the order ignores scores: do not compute them
	}
	if sq.After != "" {
		c, err := decodeCursor(sq.After, sortBy)
		if err != nil {
			return nil, err
		}
		req.SearchAfter = c.Keys
		p.after = &c
	}
	if err := req.Validate(); err != nil {
		return nil, govwire.Errorf(govwire.EINVALID, "search: %v", err)
	}
	p.req = req
	if !sq.Collapse {
		p.fast = fastRequest(req, sortBy, from, size)
		var rest []query.Query
		if p.cols, rest = splitFilters(sq); p.cols != nil {
			p.fast.Query = fastQuery(userQ, rest)
		}
	}
	return p, nil
}

// sortOf returns the effective sort: relevance unless asked for date, and
// date when there is no query text to be relevant to.
func sortOf(sq govwire.SearchQuery) (string, error) {
	switch sq.Sort {
	case "", SortRelevance:
		if strings.TrimSpace(sq.Q) == "" {
			return SortDate, nil
		}
		return SortRelevance, nil
	case SortDate:
		return SortDate, nil
	}
	return "", govwire.Errorf(govwire.EINVALID, "sort must be %q or %q, not %q", SortRelevance, SortDate, sq.Sort)
}

// sortOrder is score or date descending, then id ascending: a total order,
// as search-after needs.
func sortOrder(sortBy string) search.SortOrder {
	if sortBy == SortDate {
		return search.SortOrder{
			&search.SortField{Field: fieldPublished, Type: search.SortFieldAsDate, Desc: true, Missing: search.SortFieldMissingLast},
			&search.SortDocID{},
		}
	}
	return search.SortOrder{&search.SortScore{Desc: true}, &search.SortDocID{}}
}

// toHit makes a hit of h, the page's match, with the stored fields and term
// locations of f, the same document fetched by hydrate, and its text (from
// Options.Texts) for the snippet.
func toHit(h, f *search.DocumentMatch, text string) govwire.Hit {
	hit := govwire.Hit{
		ID:        h.ID,
		Title:     fieldString(f.Fields[fieldTitle]),
		URL:       fieldString(f.Fields[fieldURL]),
		Source:    fieldString(f.Fields[fieldSource]),
		Labels:    fieldStrings(f.Fields[fieldLabels]),
		Snippet:   snippet(text, f.Locations[fieldText]),
		Score:     h.Score,
		ClusterID: fieldString(f.Fields[fieldCluster]),
	}
	if hit.LabelSource = fieldString(f.Fields[fieldLabelSrc]); hit.LabelSource == "" {
		hit.LabelSource = govwire.LabelSourceRules // an index built before reviews existed
	}
	if t, err := time.Parse(time.RFC3339, fieldString(f.Fields[fieldPublished])); err == nil {
		hit.Published = t.UTC()
	}
	return hit
}

func fieldString(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []any:
		if len(t) > 0 {
			return fieldString(t[0])
		}
	}
	return ""
}

func fieldStrings(v any) []string {
	out := []string{}
	switch t := v.(type) {
	case string:
		out = append(out, t)
	case []any:
		for _, x := range t {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	}
	sort.Strings(out)
	return out
}
