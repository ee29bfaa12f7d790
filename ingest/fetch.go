// Package ingest pulls feeds, fetches and extracts article pages, finds
// near-duplicates and hands classified articles to the store.
package ingest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/govwire/govwire"
)

// Request kinds.
const (
	KindFeed   = "feed"
	KindPage   = "page"
	KindRobots = "robots"
)

// Request is one fetch.
type Request struct {
	URL          string
	Kind         string // KindFeed or KindPage: picks the body cap and accepted content types
	ETag         string // for a conditional GET
	LastModified string
}

// Response is a fetched body.
type Response struct {
	URL          string // final URL after redirects
	Status       int
	NotModified  bool // 304: Body is empty
	Body         []byte
	ContentType  string
	ETag         string
	LastModified string
	Attempts     int
	Duration     time.Duration
}

// Fetcher is the HTTP client for feeds and pages. (Skeleton: the safe
// client replaces this.)
type Fetcher struct {
	cfg    govwire.FetchConfig
	client *http.Client
	log    *slog.Logger
}

// NewFetcher returns a Fetcher configured by cfg.
func NewFetcher(cfg govwire.FetchConfig, log *slog.Logger) (*Fetcher, error) {
	return &Fetcher{cfg: cfg, client: &http.Client{Timeout: cfg.Timeout}, log: log}, nil
}

// Fetch performs req.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Response, error) {
	start := time.Now()
	r, err := http.NewRequestWithContext(ctx, http.MethodGet, req.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", req.URL, err)
	}
	r.Header.Set("User-Agent", f.cfg.UserAgent)
	if req.ETag != "" {
		r.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		r.Header.Set("If-Modified-Since", req.LastModified)
	}
	resp, err := f.client.Do(r)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", req.URL, err)
	}
	defer resp.Body.Close()
	out := &Response{URL: resp.Request.URL.String(), Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"),
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified"), Attempts: 1}
	if resp.StatusCode == http.StatusNotModified {
		out.NotModified = true
		return out, nil
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch %s: status %d", req.URL, resp.StatusCode)
	}
	if out.Body, err = io.ReadAll(io.LimitReader(resp.Body, f.cfg.MaxBodyBytes)); err != nil {
		return nil, fmt.Errorf("fetch %s: %w", req.URL, err)
	}
	out.Duration = time.Since(start)
	return out, nil
}
