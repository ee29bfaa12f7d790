package backfill

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/ingest"
)

// savedBatch is how many stored articles are handed to the index at once.
const savedBatch = 100

// pages fetches and stores the candidates, newest first, at most req.Max.
func (r *run) pages(ctx context.Context, cands []candidate) {
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].e.date().After(cands[j].e.date()) })
	var (
		g       errgroup.Group
		seen    = map[string]bool{}
		fetches int
		done    int
		smu     sync.Mutex
		saved   []*govwire.Article
	)
	g.SetLimit(r.b.opts.Concurrency)
	progress := func() {
		smu.Lock()
		done++
		if r.b.opts.OnProgress != nil {
			r.b.opts.OnProgress(done, len(cands))
		}
		smu.Unlock()
	}
	for _, c := range cands {
		if ctx.Err() != nil {
			break
		}
		canon, err := ingest.CanonicalURL(c.e.Loc)
		switch {
		case err != nil:
			r.fail(c.e.Loc, fmt.Errorf("article url: %w", err))
			r.handled(ctx, c.l, false)
			progress()
			continue
		case seen[canon]:
			r.skip(SkipDuplicateURL)
			r.handled(ctx, c.l, true)
			progress()
			continue
		}
		seen[canon] = true
		stored, err := r.b.opts.Ingester.Seen(ctx, c.e.Loc, canon)
		if err != nil || stored {
			if err != nil {
				r.fail(c.e.Loc, err)
			} else {
				r.skip(ingest.SkipStored)
			}
			r.handled(ctx, c.l, err == nil)
			progress()
			continue
		}
		if ok, err := r.b.opts.Ingester.Allowed(ctx, c.e.Loc); err == nil && !ok {
			r.skip(SkipRobots)
			r.handled(ctx, c.l, true)
			progress()
			continue
		}
		if r.req.Max > 0 && fetches >= r.req.Max {
			r.skip(SkipMax)
			r.handled(ctx, c.l, false)
			progress()
			continue
		}
		fetches++
		g.Go(func() error {
			if a := r.page(ctx, c); a != nil {
				smu.Lock()
				saved = append(saved, a)
				batch := saved
				if len(batch) >= savedBatch {
					saved = nil
				} else {
					batch = nil
				}
				smu.Unlock()
				r.b.opts.Ingester.Saved(ctx, batch)
			}
			progress()
			return nil
		})
	}
	_ = g.Wait()
	r.b.opts.Ingester.Saved(ctx, saved)
}

// page fetches and stores one article page; it returns the article when
// one was created or changed. A page once started is finished even when
// ctx ends (Ctrl-C): its fetch and save are bounded by the fetcher's
// timeout, and a page the server has already sent is never fetched again
// by the next run.
func (r *run) page(ctx context.Context, c candidate) *govwire.Article {
	ctx = context.WithoutCancel(ctx)
	src := r.req.Source
	resp, err := r.b.opts.Ingester.FetchPage(ctx, src.Name, c.e.Loc)
	switch {
	case errors.Is(err, ingest.ErrDisallowed):
		r.skip(SkipRobots)
		r.handled(ctx, c.l, true)
		return nil
	case err != nil:
		if ctx.Err() == nil {
			r.fail(c.e.Loc, fmt.Errorf("fetch page: %w", err))
		}
		r.handled(ctx, c.l, false)
		return nil
	}
	r.mu.Lock()
	r.sum.Fetched++
	r.mu.Unlock()
	p := ingest.Page{Source: src.Name, Feed: c.l.url, Selector: src.Selector,
		URL: c.e.Loc, FinalURL: resp.URL, HTML: resp.Body, ContentType: resp.ContentType, Title: c.e.Title,
		Published: c.e.Published, Via: c.via, Provenance: &govwire.Provenance{Listing: c.l.url}}
	if c.e.date().IsZero() && (!r.req.Since.IsZero() || !r.req.Until.IsZero()) {
		p.Keep = r.inWindow
	}
	res, err := r.b.opts.Ingester.SavePage(ctx, p)
	if err != nil {
		if ctx.Err() == nil {
			r.fail(c.e.Loc, err)
		}
		r.handled(ctx, c.l, false)
		return nil
	}
	r.mu.Lock()
	if res.Skipped != "" {
		r.sum.Skip(res.Skipped)
	} else {
		r.sum.Saved(res.Result)
	}
	r.mu.Unlock()
	r.handled(ctx, c.l, true)
	if res.Result == govwire.SaveCreated || res.Result == govwire.SaveUpdated {
		return res.Article
	}
	return nil
}

// handled counts one of l's URLs as handled (ok: stored or skipped for
// good) and marks l done once all are, none failed and none was cut.
func (r *run) handled(ctx context.Context, l *listing, ok bool) {
	r.mu.Lock()
	l.pending--
	if !ok {
		l.bad = true
	}
	finished := l.pending == 0
	r.mu.Unlock()
	if finished {
		r.done(ctx, l)
	}
}

// done marks a finished listing in the store, unless it failed or changes.
func (r *run) done(ctx context.Context, l *listing) {
	r.mu.Lock()
	if l.bad || l.marked || !l.mark || ctx.Err() != nil {
		r.mu.Unlock()
		return
	}
	l.marked = true
	r.mu.Unlock()
	m := govwire.BackfillMark{Source: r.req.Source.Name, URL: l.url, Kind: l.kind, Since: r.req.Since,
		Until: r.req.Until, URLs: l.urls, DoneAt: r.b.opts.Now().UTC()}
	if err := r.b.opts.Progress.MarkBackfill(ctx, m); err != nil {
		r.log.Error("save backfill progress", "url", l.url, "err", err)
	}
}
