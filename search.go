package govwire

import (
	"context"
	"time"
)

// Search limits, enforced by index and api.
const (
	MaxQueryLength  = 1000 // bytes of query text
	MaxPageSize     = 100
	DefaultPageSize = 20
	MaxDeepOffset   = 10000 // from+size beyond this needs the After cursor
)

// SearchQuery is a search: query-string text plus filters.
type SearchQuery struct {
	Q          string    `json:"q"`
	Labels     []string  `json:"labels,omitempty"`
	Vendors    []string  `json:"vendors,omitempty"`
	Agencies   []string  `json:"agencies,omitempty"`
	Programmes []string  `json:"programmes,omitempty"`
	Sources    []string  `json:"sources,omitempty"`
	Since      time.Time `json:"since,omitzero"`     // published at or after
	Until      time.Time `json:"until,omitzero"`     // published before
	OnTopic    *bool     `json:"on_topic,omitempty"` // nil: on-topic only (the default); false: all
	Sort       string    `json:"sort,omitempty"`     // "relevance" (default) or "date"
	Page       int       `json:"page,omitempty"`     // 1-based
	Size       int       `json:"size,omitempty"`     // default DefaultPageSize, at most MaxPageSize
	After      string    `json:"after,omitempty"`    // opaque cursor from SearchResult.Next, for deep paging
	Collapse   bool      `json:"collapse,omitempty"` // one hit per near-duplicate cluster
}

// SearchResult is one page of hits with facet counts.
type SearchResult struct {
	Total  uint64  `json:"total"`
	TookMS float64 `json:"took_ms"`
	Hits   []Hit   `json:"hits"`
	Facets Facets  `json:"facets"`
	Next   string  `json:"next,omitempty"` // cursor for the following page
}

// Hit is one search result.
type Hit struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	URL       string    `json:"url"`
	Source    string    `json:"source"`
	Published time.Time `json:"published"`
	Labels    []string  `json:"labels"`
	Snippet   string    `json:"snippet"` // HTML: escaped text with <mark> around matches
	Score     float64   `json:"score"`
	ClusterID string    `json:"cluster_id"`
	// LabelSource says whether Labels are the rules' or a review's.
	LabelSource string `json:"label_source"`
}

// Facets are counts over all hits of a search.
type Facets struct {
	Labels   []FacetCount `json:"labels"`
	Vendors  []FacetCount `json:"vendors"`
	Agencies []FacetCount `json:"agencies"`
	Sources  []FacetCount `json:"sources"`
	Months   []FacetCount `json:"months"` // "2026-11"
	Via      []FacetCount `json:"via"`    // how the hits were found: feed, sitemap, archive, warc, import
}

// FacetCount is one facet value and how many hits carry it. Count is
// exact when Exact is true; otherwise it is an estimate (a search with very
// many hits counts its facets over a sample of them), to be shown as
// "about".
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
	Exact bool   `json:"exact"`
}

// Searcher answers searches. index/ implements it over Bleve.
type Searcher interface {
	Search(ctx context.Context, q SearchQuery) (*SearchResult, error)
}
