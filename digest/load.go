package digest

import (
	"context"
	"fmt"
	"time"

	"github.com/govwire/govwire"
)

// queryLookback is how long before a digest's day a story matching its
// query may have been published and still be found: search filters on the
// published date, the digest on the first-seen date.
const queryLookback = 31 * 24 * time.Hour

// maxQueryHits caps the search hits read to resolve one digest query.
const maxQueryHits = 5000

// load reads the articles first seen in [start, end) that cfg selects, plus
// the earliest article of each of their clusters when it was first seen
// before start, so Build can leave out stories already reported.
func (s *Service) load(ctx context.Context, cfg govwire.DigestConfig, start, end time.Time) ([]*govwire.Article, error) {
	var ids map[string]bool
	if cfg.Query != "" {
		var err error
		if ids, err = s.queryIDs(ctx, cfg, start); err != nil {
			return nil, err
		}
	}
	f := govwire.ArticleFilter{
		Labels: cfg.Labels, FetchedSince: start, FetchedUntil: end, OnTopicOnly: true, NoText: true,
	}
	var arts []*govwire.Article
	have := map[string]bool{}
	err := s.opts.Store.ScanArticles(ctx, f, func(a *govwire.Article) error {
		if ids == nil || ids[a.ID] {
			arts = append(arts, a)
			have[a.ID] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("scan articles: %w", err)
	}
	var heads []*govwire.Article
	for _, a := range arts {
		if a.ClusterID == "" || have[a.ClusterID] {
			continue
		}
		have[a.ClusterID] = true
		h, err := s.opts.Store.Article(ctx, a.ClusterID)
		if govwire.ErrorCode(err) == govwire.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("cluster head %s: %w", a.ClusterID, err)
		}
		h.Text = ""
		heads = append(heads, h)
	}
	return append(arts, heads...), nil
}

// queryIDs runs cfg's query and returns the ids of its on-topic matches
// published since start minus queryLookback (newest first, up to
// maxQueryHits).
func (s *Service) queryIDs(ctx context.Context, cfg govwire.DigestConfig, start time.Time) (map[string]bool, error) {
	q := govwire.SearchQuery{
		Q: cfg.Query, Labels: cfg.Labels, Since: start.Add(-queryLookback),
		Sort: "date", Page: 1, Size: govwire.MaxPageSize,
	}
	ids := map[string]bool{}
	for n := 0; n < maxQueryHits; {
		res, err := s.opts.Searcher.Search(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("digest %s query %q: %w", cfg.Name, cfg.Query, err)
		}
		for _, h := range res.Hits {
			ids[h.ID] = true
		}
		n += len(res.Hits)
		if len(res.Hits) < q.Size || uint64(n) >= res.Total {
			break
		}
		if res.Next != "" {
			q.After, q.Page = res.Next, 0
		} else if q.Page++; q.Page*q.Size > govwire.MaxDeepOffset {
			break
		}
	}
	return ids, nil
}
