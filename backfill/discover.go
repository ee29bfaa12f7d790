package backfill

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/ingest"
)

// listing is one sitemap or archive page whose article URLs are being
// handled; it is marked done in the store once all are.
type listing struct {
	url, kind string
	pending   int  // wanted URLs not handled yet
	urls      int  // wanted URLs it listed
	bad       bool // a URL failed or was cut by --max: not done
	marked    bool
	mark      bool // false for listings that change (WordPress ?paged=N pages)
}

// candidate is one article URL to fetch, with the listing that gave it.
type candidate struct {
	e   entry
	l   *listing
	via string
}

// roots returns the sitemaps to start from: the configured ones, else
// robots.txt's Sitemap: lines, else /sitemap.xml. guessed is true for the
// last.
func (r *run) roots(ctx context.Context) (roots []string, guessed bool) {
	if bf := r.req.Source.Backfill; bf != nil && len(bf.Sitemaps) > 0 {
		return bf.Sitemaps, false
	}
	u, _ := url.Parse(r.req.Source.URL) // checked by newRun
	origin := u.Scheme + "://" + u.Host
	sms, err := r.b.opts.Ingester.RobotsSitemaps(ctx, origin)
	if err != nil {
		r.log.Warn("robots.txt sitemaps", "err", err)
	}
	if len(sms) > 0 {
		return sms, false
	}
	return []string{origin + "/sitemap.xml"}, true
}

// discover walks the source's sitemaps and returns the wanted article URLs.
func (r *run) discover(ctx context.Context) []candidate {
	roots, guessed := r.roots(ctx)
	w := &walk{run: r, visited: map[string]string{}, guessed: guessed}
	for _, root := range roots {
		w.visit(ctx, root, "the source's sitemap list", 0)
	}
	return w.out
}

// walk is one walk over a source's sitemaps.
type walk struct {
	*run
	visited map[string]string // sitemap URL -> who listed it first
	guessed bool              // the root is /sitemap.xml, not named anywhere
	out     []candidate
}

// visit reads one sitemap or index at depth (0 for a root), listed by parent.
func (w *walk) visit(ctx context.Context, u, parent string, depth int) {
	if ctx.Err() != nil {
		return
	}
	if first, ok := w.visited[u]; ok {
		w.fail(u, govwire.Errorf(govwire.EINVALID, "sitemap index loop: %s is listed again by %s (first by %s); not fetched again", u, parent, first))
		return
	}
	w.visited[u] = parent
	if depth > MaxIndexDepth {
		w.fail(u, govwire.Errorf(govwire.EINVALID, "sitemap indexes nested deeper than %d (listed by %s); not fetched", MaxIndexDepth, parent))
		return
	}
	if !w.ownHost(u) {
		w.fail(u, govwire.Errorf(govwire.EINVALID, "sitemap %s (listed by %s) is not on the source's host (%s): refused, not fetched", u, parent, strings.Join(slices.Sorted(mapsKeys(w.hosts)), ", ")))
		return
	}
	if m, ok := w.marks[u]; ok && m.Covers(w.req.Since, w.req.Until) {
		w.skip(SkipDone)
		return
	}
	resp, err := w.b.opts.Ingester.FetchSitemap(ctx, w.req.Source.Name, u)
	if err != nil {
		var fe *ingest.FetchError
		if depth == 0 && w.guessed && errors.As(err, &fe) && fe.Status == 404 {
			w.log.Info("no sitemap at the guessed address", "url", u)
			return
		}
		if ctx.Err() == nil {
			w.fail(u, fmt.Errorf("fetch sitemap: %w", err))
		}
		return
	}
	sm, err := parseSitemap(resp.Body)
	if err != nil {
		w.fail(u, fmt.Errorf("sitemap %s: %w", u, err))
		return
	}
	if sm.index {
		w.index(ctx, u, sm, depth)
		return
	}
	w.urlset(u, sm)
}

// index visits an index's sitemaps, newest first, leaving out those last
// changed before the window.
func (w *walk) index(ctx context.Context, u string, sm sitemap, depth int) {
	sort.SliceStable(sm.entries, func(i, j int) bool { return sm.entries[i].Lastmod.After(sm.entries[j].Lastmod) })
	for _, e := range sm.entries {
		if e.Loc == "" {
			continue
		}
		if !w.req.Since.IsZero() && !e.Lastmod.IsZero() && e.Lastmod.Before(w.req.Since) {
			w.skip(SkipOldListing)
			continue
		}
		w.visit(ctx, e.Loc, u, depth+1)
	}
}

// urlset takes a sitemap's wanted article URLs.
func (w *walk) urlset(u string, sm sitemap) {
	l := &listing{url: u, kind: govwire.ViaSitemap, mark: true}
	w.mu.Lock()
	w.sum.Discovered += len(sm.entries)
	w.mu.Unlock()
	for _, e := range sm.entries {
		if reason := w.wanted(e); reason != "" {
			w.skip(reason)
			continue
		}
		l.pending++
		l.urls++
		w.out = append(w.out, candidate{e: e, l: l, via: govwire.ViaSitemap})
	}
	if l.pending == 0 {
		w.done(context.Background(), l)
	}
}

func mapsKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
