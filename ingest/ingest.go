package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/govwire/govwire"
	"golang.org/x/sync/errgroup"
)

// Store is what the pipeline needs from the store of record.
type Store interface {
	govwire.ArticleStore
	govwire.SourceStore
}

// Options configures an Ingester.
type Options struct {
	Fetch      govwire.FetchConfig
	Store      Store
	Classifier func() govwire.Classifier // the current rules (they can reload)
	// OnSaved, if set, is called after each source with the articles it
	// created or updated (the index hook). Sources run concurrently, so
	// OnSaved may be called from several goroutines at once.
	OnSaved func(ctx context.Context, arts []*govwire.Article)
	// OnSource, if set, is called after every pass over a source, scheduled
	// or not, with that source's summary (the metrics hook). Like OnSaved it
	// may be called from several goroutines at once.
	OnSource func(s govwire.Source, sum Summary)
	Log      *slog.Logger
	Now      func() time.Time // default time.Now
	// ArticleID gives a new article its id from its canonical URL; default
	// govwire.ArticleID. The demo maps its random loopback port away, so
	// that ids stay the same from run to run.
	ArticleID func(canonicalURL string) string
}

// Backoff bounds for a failing source: the first retry waits
// BackoffBase, each further failure doubles it, up to BackoffMax.
const (
	BackoffBase = time.Minute
	BackoffMax  = 6 * time.Hour
)

// Ingester runs the pipeline: feed, items, pages, extraction, fingerprint,
// classification, store. It is safe for concurrent use.
type Ingester struct {
	opts  Options
	fetch *Fetcher
	log   *slog.Logger
	now   func() time.Time
	work  chan struct{} // bounds page fetch + extraction across all sources

	mu       sync.Mutex
	inflight map[string]bool      // canonical URLs being processed right now
	checked  map[string]time.Time // article id -> feed change signal already verified
}

// New returns an Ingester; Store and Classifier are required.
func New(opts Options) (*Ingester, error) {
	if opts.Store == nil {
		return nil, govwire.Errorf(govwire.EINVALID, "ingest: no store")
	}
	if opts.Classifier == nil {
		return nil, govwire.Errorf(govwire.EINVALID, "ingest: no classifier")
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.ArticleID == nil {
		opts.ArticleID = govwire.ArticleID
	}
	if opts.Fetch.Concurrency <= 0 {
		opts.Fetch.Concurrency = govwire.DefaultFetchConfig().Concurrency
	}
	f, err := NewFetcher(opts.Fetch, opts.Log)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	return &Ingester{
		opts: opts, fetch: f, log: opts.Log, now: opts.Now,
		work:     make(chan struct{}, opts.Fetch.Concurrency),
		inflight: map[string]bool{}, checked: map[string]time.Time{},
	}, nil
}

// Close releases the fetcher's idle connections.
func (in *Ingester) Close() { in.fetch.Close() }

// Run makes one pass over sources, at most Fetch.Concurrency at a time. A
// failing source is logged, recorded in the summary and in its state (with
// exponential backoff), and never stops the others; a source in backoff is
// skipped until its NextAttempt. The error is non-nil only when ctx ends.
func (in *Ingester) Run(ctx context.Context, sources []govwire.Source) (Summary, error) {
	var (
		mu    sync.Mutex
		total Summary
		g     errgroup.Group
	)
	g.SetLimit(in.opts.Fetch.Concurrency)
	done := 0
	govwire.ReportProgress(ctx, 0, len(sources))
	for _, s := range sources {
		g.Go(func() error {
			sum := in.runSource(ctx, s, false)
			in.sourceDone(s, sum)
			mu.Lock()
			total.Add(sum)
			done++
			govwire.ReportProgress(ctx, done, len(sources)) // under mu: in order
			mu.Unlock()
			return nil
		})
	}
	_ = g.Wait() // sources never return errors: they are in the summary
	total.finish()
	in.log.Info("ingest pass done", "sources", total.Sources, "new", total.New, "updated", total.Updated,
		"unchanged", total.Unchanged, "fetched", total.Fetched, "failed", total.Failed)
	return total, ctx.Err()
}

// RunSource ingests one source now; force ignores its backoff.
func (in *Ingester) RunSource(ctx context.Context, s govwire.Source, force bool) (Summary, error) {
	sum := in.runSource(ctx, s, force)
	in.sourceDone(s, sum)
	sum.finish()
	return sum, ctx.Err()
}

// sourceDone calls the OnSource hook.
func (in *Ingester) sourceDone(s govwire.Source, sum Summary) {
	if in.opts.OnSource != nil {
		in.opts.OnSource(s, sum)
	}
}

// runSource fetches s's feed and processes its items.
func (in *Ingester) runSource(ctx context.Context, s govwire.Source, force bool) Summary {
	var sum Summary
	log := in.log.With("source", s.Name)
	st, err := in.opts.Store.SourceState(ctx, s.Name)
	if err != nil {
		log.Error("read source state", "err", err)
		sum.fail(s.Name, s.URL, fmt.Errorf("read source state: %w", err))
		return sum
	}
	now := in.now()
	if !force && now.Before(st.NextAttempt) {
		log.Info("source in backoff, skipped", "next_attempt", st.NextAttempt, "consecutive_failures", st.ConsecutiveFailures)
		sum.Skipped++
		return sum
	}
	sum.Sources = 1
	etag, lastMod := st.ETag, st.LastModified
	if st.URL != s.URL { // validators belong to the old address
		etag, lastMod = "", ""
	}
	resp, feed, err := in.fetchFeed(ctx, s, etag, lastMod, now)
	if err != nil {
		if ctx.Err() == nil {
			log.Warn("source failed", "url", s.URL, "err", err)
			in.failSource(ctx, st, s, err, now)
		}
		sum.fail(s.Name, s.URL, err)
		return sum
	}
	if resp.NotModified {
		sum.NotModified++
		in.sourceOK(ctx, st, s, resp, now, false)
		return sum
	}
	if feed.NoLink > 0 {
		log.Info("feed items without a link skipped", "count", feed.NoLink)
	}
	itemsSum, saved := in.processItems(ctx, s, resp.URL, feed.Items)
	sum.Add(itemsSum)
	if ctx.Err() != nil {
		return sum
	}
	// The feed's validators are kept only once every item is handled, so a
	// crash or a failed page makes the next pass read the feed again.
	in.sourceOK(ctx, st, s, resp, now, itemsSum.Failed == 0)
	if len(saved) > 0 && in.opts.OnSaved != nil {
		in.opts.OnSaved(ctx, saved)
	}
	log.Info("source ingested", "items", len(feed.Items), "new", sum.New, "updated", sum.Updated,
		"unchanged", sum.Unchanged, "fetched", sum.Fetched, "failed", sum.Failed)
	return sum
}

// fetchFeed fetches and parses s's feed, logging the fetch.
func (in *Ingester) fetchFeed(ctx context.Context, s govwire.Source, etag, lastMod string, now time.Time) (*Response, *Feed, error) {
	resp, feed, err := FetchFeed(ctx, in.fetch, s.URL, etag, lastMod, now)
	in.logFetch(ctx, s.Name, s.URL, KindFeed, resp, fetchErr(resp, err))
	return resp, feed, err
}

// fetchErr keeps a fetch error only when no response came back: a parse
// error after a good fetch is not a fetch failure.
func fetchErr(resp *Response, err error) error {
	if resp != nil {
		return nil
	}
	return err
}

// processItems handles a feed's items concurrently and returns the counts
// and the created or updated articles.
func (in *Ingester) processItems(ctx context.Context, s govwire.Source, feedURL string, items []FeedItem) (Summary, []*govwire.Article) {
	var (
		mu    sync.Mutex
		sum   Summary
		saved []*govwire.Article
		g     errgroup.Group
	)
	g.SetLimit(in.opts.Fetch.Concurrency)
	for _, it := range items {
		g.Go(func() error {
			r := in.processItem(ctx, s, feedURL, it)
			if r.err != nil && ctx.Err() == nil {
				in.log.Warn("item failed", "source", s.Name, "url", r.url, "err", r.err)
			}
			mu.Lock()
			defer mu.Unlock()
			sum.addItem(s.Name, r)
			if r.article != nil && (r.result == govwire.SaveCreated || r.result == govwire.SaveUpdated) {
				saved = append(saved, r.article)
			}
			return nil
		})
	}
	_ = g.Wait()
	return sum, saved
}

// failSource records a failed pass in s's state and backs it off.
func (in *Ingester) failSource(ctx context.Context, st govwire.SourceState, s govwire.Source, err error, now time.Time) {
	st.Name, st.URL = s.Name, s.URL
	st.LastError = err.Error()
	st.LastAttempt = now
	st.ConsecutiveFailures++
	wait := Backoff(st.ConsecutiveFailures)
	var fe *FetchError
	if errors.As(err, &fe) {
		st.LastStatus = fe.Status
		wait = max(wait, min(fe.RetryAfter, BackoffMax))
	}
	st.NextAttempt = now.Add(wait)
	if err := in.opts.Store.SaveSourceState(ctx, st); err != nil {
		in.log.Error("save source state", "source", s.Name, "err", err)
	}
}

// sourceOK records a successful pass; withValidators stores the feed's
// ETag and Last-Modified for the next conditional GET.
func (in *Ingester) sourceOK(ctx context.Context, st govwire.SourceState, s govwire.Source, resp *Response, now time.Time, withValidators bool) {
	switch {
	case withValidators:
		st.ETag, st.LastModified = resp.ETag, resp.LastModified
	case st.URL != s.URL:
		st.ETag, st.LastModified = "", ""
	}
	st.Name, st.URL = s.Name, s.URL
	st.LastStatus, st.LastError = resp.Status, ""
	st.LastAttempt, st.LastSuccess = now, now
	st.ConsecutiveFailures, st.NextAttempt = 0, time.Time{}
	if err := in.opts.Store.SaveSourceState(ctx, st); err != nil {
		in.log.Error("save source state", "source", s.Name, "err", err)
	}
}

// Backoff is how long a source that failed n times in a row waits before
// its next attempt: BackoffBase doubled per failure, capped at BackoffMax.
func Backoff(n int) time.Duration {
	if n <= 1 {
		return BackoffBase
	}
	if n > 20 {
		return BackoffMax
	}
	return min(BackoffBase<<(n-1), BackoffMax)
}

// logFetch writes one fetch to the store's fetch log.
func (in *Ingester) logFetch(ctx context.Context, source, url, kind string, resp *Response, err error) {
	e := govwire.FetchLogEntry{Source: source, URL: url, Kind: kind, At: in.now()}
	if resp != nil {
		e.Status, e.Bytes, e.Duration = resp.Status, int64(len(resp.Body)), resp.Duration
	}
	if err != nil {
		e.Error = err.Error()
		var fe *FetchError
		if errors.As(err, &fe) {
			e.Status = fe.Status
		}
	}
	if err := in.opts.Store.LogFetch(ctx, e); err != nil && ctx.Err() == nil {
		in.log.Warn("write fetch log", "source", source, "url", url, "err", err)
	}
}
