package main

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index"
)

// indexRetryInterval is how often serve retries a failed index update
// (a full disk, say) from the store's change sequence.
var indexRetryInterval = 30 * time.Second

// indexHealth remembers whether the last index update failed, so /readyz
// and /metrics can say so and serve can retry.
type indexHealth struct {
	mu      sync.Mutex
	lastErr error
	since   time.Time // first failure of the current run of failures
}

// record notes the outcome of one update and reports whether it changed
// the state (ok to failing or back).
func (h *indexHealth) record(err error) (changed bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	changed = (err == nil) != (h.lastErr == nil)
	if err != nil && h.lastErr == nil {
		h.since = time.Now()
	}
	h.lastErr = err
	return changed
}

// failing returns the last update's error, nil when it worked.
func (h *indexHealth) failing() (time.Time, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.since, h.lastErr
}

// catchUp brings the index level with the store, one update at a time,
// and records the outcome. A failure leaves the index at its last good
// sequence; the next catch-up (on the next save, or serve's retry) starts
// there, so nothing the store holds is skipped.
func (a *app) catchUp(ctx context.Context, why string) error {
	a.indexMu.Lock()
	defer a.indexMu.Unlock()
	_, err := a.ix.CatchUp(ctx, a.db)
	if errors.Is(err, context.Canceled) {
		return err
	}
	a.metrics.IndexUpdate(err == nil)
	changed := a.health.record(err)
	var pe *index.BatchPanicError
	switch {
	case err != nil && changed && errors.As(err, &pe):
		a.log.Error("index update failed; the index lags the store until a retry works", "why", why, "err", err, "stack", pe.Stack)
	case err != nil && changed:
		a.log.Error("index update failed; the index lags the store until a retry works", "why", why, "err", err)
	case err != nil:
		a.log.Warn("index update failed again", "why", why, "err", err)
	case changed:
		a.log.Info("index update works again: the index is level with the store", "why", why)
	}
	return err
}

// retryIndex retries a failed index update every interval until ctx ends.
func (a *app) retryIndex(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := a.health.failing(); err != nil {
				_ = a.catchUp(ctx, "retry")
			}
		}
	}
}

// ready is /readyz: the index is open and its last update worked.
func (a *app) ready() error {
	if _, err := a.ix.Seq(); err != nil {
		return err
	}
	if since, err := a.health.failing(); err != nil {
		lag := a.indexLag()
		return govwire.Errorf(govwire.EUNAVAILABLE, "the search index is %d changes behind the store: updates fail since %s (%v); "+
			"retrying every %s", lag, since.UTC().Format(time.RFC3339), err, indexRetryInterval)
	}
	return nil
}

// indexLag is how many store changes the index does not hold yet.
func (a *app) indexLag() int64 {
	seq, err := a.ix.Seq()
	if err != nil {
		return 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	last, err := a.db.LastSeq(ctx)
	if err != nil || last < seq {
		return 0
	}
	return last - seq
}

// healthSearcher is the index as the API sees it: while index updates
// fail, an internal search failure (Bleve's segments can be left broken by
// a failed write until its persister catches up) is reported as the index
// being unavailable for now, 503, not as a server bug.
type healthSearcher struct{ a *app }

// Search implements govwire.Searcher.
func (h healthSearcher) Search(ctx context.Context, q govwire.SearchQuery) (*govwire.SearchResult, error) {
	res, err := h.a.ix.Search(ctx, q)
	if err != nil && govwire.ErrorCode(err) == govwire.EINTERNAL && ctx.Err() == nil {
		if _, herr := h.a.health.failing(); herr != nil {
			h.a.log.WarnContext(ctx, "search failed while index updates fail", "err", err, "index_err", herr)
			return nil, govwire.Errorf(govwire.EUNAVAILABLE, "search is unavailable while the index cannot be written (see /readyz); retry later")
		}
	}
	return res, err
}
