package backfill

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/ingest"
)

// Reasons an article URL or a listing is skipped, beside ingest's.
const (
	SkipOtherHost    = "on another host than the source's"
	SkipPattern      = "excluded by the source's include/exclude patterns"
	SkipWindow       = "outside the date window"
	SkipNoDate       = "no date in the listing or on the page (a window was asked for)"
	SkipMax          = "over --max"
	SkipRobots       = "disallowed by robots.txt"
	SkipDone         = "listing finished by an earlier run"
	SkipOldListing   = "listing older than --since"
	SkipDuplicateURL = "listed twice"
)

// MaxIndexDepth bounds how deep sitemap indexes may nest (an index of
// indexes of sitemaps is depth 2).
const MaxIndexDepth = 4

// Options configures a Backfiller.
type Options struct {
	Ingester    *ingest.Ingester
	Progress    govwire.BackfillStore
	Concurrency int // pages fetched at once (the per-host interval still spaces them); default 4
	Log         *slog.Logger
	Now         func() time.Time
	// OnProgress, if set, is called as article URLs are handled: done of
	// total (progress bars).
	OnProgress func(done, total int)
}

// Request is one backfill of one source.
type Request struct {
	Source govwire.Source
	Since  time.Time // published at or after; zero: no bound
	Until  time.Time // published before; zero: no bound
	Max    int       // at most this many pages fetched; 0: no limit
}

// Backfiller runs backfills.
type Backfiller struct {
	opts Options
	log  *slog.Logger
}

// New returns a Backfiller; Ingester and Progress are required.
func New(o Options) (*Backfiller, error) {
	if o.Ingester == nil || o.Progress == nil {
		return nil, govwire.Errorf(govwire.EINVALID, "backfill: an ingester and a progress store are required")
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Backfiller{opts: o, log: o.Log}, nil
}

// run is the state of one backfill.
type run struct {
	b       *Backfiller
	req     Request
	log     *slog.Logger
	hosts   map[string]bool // host names (without www.) the source's URLs may have
	include []*regexp.Regexp
	exclude []*regexp.Regexp
	marks   map[string]govwire.BackfillMark
	// lastPrev is the prev-archive link of the archive page read last.
	lastPrev string

	mu  sync.Mutex
	sum govwire.HistorySummary
}

// Run backfills req.Source: its sitemaps, then its feed archive, newest
// first within the window. Failures are in the summary; the error is
// non-nil only for a bad request, an unreadable progress store or when
// ctx ends (what was done is in the summary, and the next run goes on
// from there).
func (b *Backfiller) Run(ctx context.Context, req Request) (govwire.HistorySummary, error) {
	r, err := b.newRun(ctx, req)
	if err != nil {
		return govwire.HistorySummary{}, err
	}
	cands := r.discover(ctx)
	cands = append(cands, r.archive(ctx)...)
	if ctx.Err() == nil {
		r.pages(ctx, cands)
	}
	r.sum.Finish()
	r.log.Info("backfill done", "discovered", r.sum.Discovered, "fetched", r.sum.Fetched, "new", r.sum.New,
		"skipped", r.sum.Skipped, "failed", r.sum.Failed)
	return r.sum, ctx.Err()
}

func (b *Backfiller) newRun(ctx context.Context, req Request) (*run, error) {
	src := req.Source
	u, err := url.Parse(src.URL)
	if err != nil || u.Hostname() == "" {
		return nil, govwire.Errorf(govwire.EINVALID, "backfill %s: bad source url %q", src.Name, src.URL)
	}
	r := &run{b: b, req: req, log: b.log.With("source", src.Name), hosts: map[string]bool{hostOf(u): true}}
	if bf := src.Backfill; bf != nil {
		for _, s := range bf.Sitemaps {
			if su, err := url.Parse(s); err == nil {
				r.hosts[hostOf(su)] = true
			}
		}
		for _, l := range []struct {
			pats []string
			dst  *[]*regexp.Regexp
		}{{bf.Include, &r.include}, {bf.Exclude, &r.exclude}} {
			for _, p := range l.pats {
				re, err := regexp.Compile(p)
				if err != nil {
					return nil, govwire.Errorf(govwire.EINVALID, "backfill %s: pattern %q: %v", src.Name, p, err)
				}
				*l.dst = append(*l.dst, re)
			}
		}
	}
	if r.marks, err = b.opts.Progress.BackfillMarks(ctx, src.Name); err != nil {
		return nil, fmt.Errorf("backfill %s: %w", src.Name, err)
	}
	return r, nil
}

// hostOf is u's lower-case host name without a leading "www.".
func hostOf(u *url.URL) string {
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// ownHost reports whether raw is an http(s) URL on one of the source's
// hosts.
func (r *run) ownHost(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && r.hosts[hostOf(u)]
}

// wanted says why an article URL is not wanted, or "".
func (r *run) wanted(e entry) string {
	if !r.ownHost(e.Loc) {
		return SkipOtherHost
	}
	if len(r.include) > 0 && !matchAny(r.include, e.Loc) || matchAny(r.exclude, e.Loc) {
		return SkipPattern
	}
	if r.req.Since.IsZero() && r.req.Until.IsZero() {
		return ""
	}
	d := e.date()
	switch {
	case d.IsZero():
		return "" // fetched; the page's own date decides (see inWindow)
	case r.outside(d):
		return SkipWindow
	}
	return ""
}

// outside reports whether d is outside the request's date window.
func (r *run) outside(d time.Time) bool {
	return !r.req.Since.IsZero() && d.Before(r.req.Since) || !r.req.Until.IsZero() && !d.Before(r.req.Until)
}

// inWindow is the Keep check of a page whose listing gave no date: its
// own date must be in the window.
func (r *run) inWindow(a *govwire.Article) string {
	d := a.Published
	switch {
	case d.IsZero():
		return SkipNoDate
	case r.outside(d):
		return SkipWindow
	}
	return ""
}

func matchAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// skip and fail update the summary under the lock.
func (r *run) skip(reason string) {
	r.mu.Lock()
	r.sum.Skip(reason)
	r.mu.Unlock()
}

func (r *run) fail(u string, err error) {
	r.mu.Lock()
	r.sum.Fail(govwire.HistoryError{Source: r.req.Source.Name, URL: u, Error: err.Error()})
	r.mu.Unlock()
	r.log.Warn("backfill failure", "url", u, "err", err)
}
