package api

import (
	"html"
	"net/http"
	"net/url"
	"strings"

	"github.com/govwire/govwire"
)

// searchParams are the parameters of GET /v1/search.
var searchParams = []string{"q", "label", "vendor", "agency", "programme", "source", "since", "until",
	"sort", "page", "size", "after", "collapse", "all"}

// search serves GET /v1/search.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	q, err := parseSearch(r.URL.Query())
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	res, err := s.cfg.Searcher.Search(r.Context(), q)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	writeJSON(w, r, s.log, http.StatusOK, cleanResult(res))
}

// parseSearch turns the parameters of GET /v1/search into a SearchQuery,
// enforcing the limits of govwire's search.go.
func parseSearch(v url.Values) (govwire.SearchQuery, error) {
	p := newParams(v, searchParams...)
	q := p.searchFilters()
	q.Sort = p.oneOf("sort", "", "relevance", "date")
	q.Page = p.integer("page", 1, 1, govwire.MaxDeepOffset)
	q.Size = p.integer("size", govwire.DefaultPageSize, 1, govwire.MaxPageSize)
	q.After = p.str("after", 1000)
	q.Collapse = p.boolean("collapse")
	if p.err != nil {
		return q, p.err
	}
	if q.After != "" && q.Page > 1 {
		return q, govwire.Errorf(govwire.EINVALID, "give either page or after, not both")
	}
	if q.After == "" && q.Page*q.Size > govwire.MaxDeepOffset {
		return q, govwire.Errorf(govwire.EINVALID,
			"page %d of size %d is too deep (past result %d): follow the next cursor with after=",
			q.Page, q.Size, govwire.MaxDeepOffset)
	}
	return q, nil
}

// cleanResult makes every list non-null for clients and re-escapes any
// snippet that carries markup other than <mark>.
func cleanResult(res *govwire.SearchResult) *govwire.SearchResult {
	if res.Hits == nil {
		res.Hits = []govwire.Hit{}
	}
	for i := range res.Hits {
		h := &res.Hits[i]
		h.Snippet = safeSnippet(h.Snippet)
		if h.Labels == nil {
			h.Labels = []string{}
		}
	}
	f := &res.Facets
	for _, l := range []*[]govwire.FacetCount{&f.Labels, &f.Vendors, &f.Agencies, &f.Sources, &f.Months} {
		if *l == nil {
			*l = []govwire.FacetCount{}
		}
	}
	return res
}

// unmark strips <mark> and </mark>; built once, it is safe for concurrent use.
var unmark = strings.NewReplacer("<mark>", "", "</mark>", "")

// safeSnippet returns s when its only markup is <mark> and </mark>, and
// otherwise the text of s fully escaped.
func safeSnippet(s string) string {
	bare := unmark.Replace(s)
	if !strings.ContainsAny(bare, "<>") {
		return s
	}
	return html.EscapeString(bare)
}
