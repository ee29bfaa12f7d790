package index

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/govwire/govwire"
)

// Cache sizes, in entries (one search page or one set of facets each).
const (
	pageCacheSize  = 512
	facetCacheSize = 512
)

// searchCache holds the pages and facets of recent searches, keyed by the
// normalised query and valid for the index generation they were computed on.
type searchCache struct {
	pages  *lru[*page]
	facets *lru[govwire.Facets]
}

func newSearchCache() *searchCache {
	return &searchCache{pages: newLRU[*page](pageCacheSize), facets: newLRU[govwire.Facets](facetCacheSize)}
}

// SetCacheLag sets how long cached searches may be served after the index
// changed (0: recompute after every change). See Options.CacheLag: new
// articles can take that long to appear in a repeated search's hits, total
// and facets, or a little longer when background refreshes queue up.
func (ix *Index) SetCacheLag(d time.Duration) { ix.lag.Store(int64(d)) }

// changed marks the index as changed, so that cached searches recompute.
func (ix *Index) changed() { ix.gen.Add(1) }

// cached returns the page and facets of p. What is missing from the cache is
// computed now, with one Bleve request (plus the page's hydration); what is
// cached but stale is returned as it is and refreshed in the background.
func (ix *Index) cached(ctx context.Context, p *plan) (*page, govwire.Facets, error) {
	gen, lag := ix.gen.Load(), time.Duration(ix.lag.Load())
	c := ix.cache
	pg, pageHit, pageOwn, err := c.pages.get(ctx, p.pageKey, gen, lag)
	if err != nil {
		return nil, govwire.Facets{}, err
	}
	fc, facetHit, facetOwn, err := c.facets.get(ctx, p.facetKey, gen, lag)
	if err != nil {
		ix.fill(ctx, p, gen, pageOwn, false, nil, err) // release the page's flight
		return nil, fc, err
	}
	if !pageHit || !facetHit {
		ix.misses.Add(1)
		npg, nfc, err := ix.fill(ctx, p, gen, pageOwn, facetOwn, pg, nil)
		if err != nil {
			return nil, fc, err
		}
		if pageOwn {
			pg = npg
		}
		if facetOwn {
			fc = nfc
		}
		return pg, fc, nil
	}
	ix.hits.Add(1)
	if pageOwn || facetOwn {
		ix.refresh(p, gen, pageOwn, facetOwn, pg)
	}
	return pg, fc, nil
}

// CacheStats returns how many searches the caches answered (page and
// facets both cached, fresh or within the lag) and how many were computed,
// at least in part, since the index was opened.
func (ix *Index) CacheStats() (hits, misses uint64) { return ix.hits.Load(), ix.misses.Load() }

// fill computes the page and/or the facets of p, as asked, and ends their
// flights in the cache, storing them for gen when they were computed. have
// is the cached page when only the facets are wanted (its total sizes the
// facet count). With a non-nil fail it only ends the flights.
func (ix *Index) fill(ctx context.Context, p *plan, gen int64, wantPage, wantFacets bool, have *page, fail error) (pg *page, fc govwire.Facets, err error) {
	err = fail
	defer func() {
		if wantPage {
			ix.cache.pages.done(p.pageKey, gen, pg, err == nil)
		}
		if wantFacets {
			ix.cache.facets.done(p.facetKey, gen, fc, err == nil)
		}
	}()
	switch {
	case err != nil:
	case wantPage:
		var nfc *govwire.Facets
		pg, nfc, err = ix.compute(ctx, p, wantFacets)
		if nfc != nil {
			fc = *nfc
		}
	case wantFacets:
		fc, err = ix.countFacets(ctx, p, have)
	}
	return pg, fc, err
}

// maxRefreshes bounds the background refreshes running at once.
const maxRefreshes = 1

// refresh recomputes the stale page and/or facets of p in the background,
// unless maxRefreshes are already running or the index is closing: then
// their flights just end, and a later search tries again.
func (ix *Index) refresh(p *plan, gen int64, page, facets bool, have *page) {
	ix.rmu.Lock()
	defer ix.rmu.Unlock()
	if ix.closing || ix.refreshing >= maxRefreshes {
		ix.fill(context.Background(), p, gen, page, facets, have, errClosed)
		return
	}
	ix.refreshing++
	ix.rwg.Add(1)
	go func() {
		defer ix.rwg.Done()
		ctx, cancel := ix.searchContext(context.Background())
		defer cancel()
		if _, _, err := ix.fill(ctx, p, gen, page, facets, have, nil); err != nil {
			ix.log.Warn("refresh cached search", "error", err)
		}
		ix.rmu.Lock()
		ix.refreshing--
		ix.rmu.Unlock()
	}()
}

// stopRefreshes waits for the background refreshes and refuses new ones.
func (ix *Index) stopRefreshes() {
	ix.rmu.Lock()
	ix.closing = true
	ix.rmu.Unlock()
	ix.rwg.Wait()
}

// compute runs p's request and hydrates the page; withFacets, it counts
// the facets of the matches in the same pass (or, when they are to be
// estimated, over the sample afterwards: see countFacets).
func (ix *Index) compute(ctx context.Context, p *plan, withFacets bool) (*page, *govwire.Facets, error) {
	var count *facetCounter
	if withFacets {
		count = ix.newFacetCounter()
	}
	sr, err := ix.fastPage(ctx, p, count)
	if err != nil {
		return nil, nil, err
	}
	chosen, next := p.pick(sr)
	hits, err := ix.hydrate(ctx, p, chosen)
	if err != nil {
		return nil, nil, err
	}
	pg := &page{total: sr.Total, hits: hits, next: next}
	if !withFacets {
		return pg, nil, nil
	}
	if !ix.estimates(pg.total) {
		fc := count.facets()
		return pg, &fc, nil
	}
	fc, err := ix.countFacets(ctx, p, pg)
	if err != nil {
		return nil, nil, err
	}
	return pg, &fc, nil
}

// cacheKeys returns the cache keys of sq: the facet key names the query text
// and every filter (lists sorted, as their order does not matter); the page
// key adds the effective sort, the page bounds, the cursor and collapsing.
func cacheKeys(sq govwire.SearchQuery, sortBy string, from, size int) (facetKey, pageKey string) {
	onTopic := sq.OnTopic == nil || *sq.OnTopic
	fk := struct {
		Q                                     string
		Labels, Vendors, Agencies, Progs, Src []string
		Since, Until                          time.Time
		OnTopic                               bool
	}{sq.Q, sortedCopy(sq.Labels), sortedCopy(sq.Vendors), sortedCopy(sq.Agencies),
		sortedCopy(sq.Programmes), sortedCopy(sq.Sources), sq.Since.UTC(), sq.Until.UTC(), onTopic}
	b, _ := json.Marshal(fk) // plain strings, times and bools always marshal
	pk, _ := json.Marshal(struct {
		Sort       string
		From, Size int
		After      string
		Collapse   bool
	}{sortBy, from, size, sq.After, sq.Collapse})
	return string(b), string(b) + string(pk)
}

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
