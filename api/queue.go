package api

import (
	"context"
	"net/http"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api/reviewqueue"
)

// maxQueueSearchIDs bounds the hits of a text or entity filter that narrow
// the review queue.
const maxQueueSearchIDs = 100_000

// queueParams are the parameters of GET /v1/review-queue: the filters of
// GET /v1/search, a page and its size.
var queueParams = []string{"q", "label", "vendor", "agency", "programme", "source", "since", "until", "page", "size"}

// queueResponse is the body of GET /v1/review-queue.
type queueResponse struct {
	Total      int                    `json:"total"`   // unreviewed articles matching the filters: what is left
	Flagged    int                    `json:"flagged"` // of those, how many have a reason
	Thresholds reviewqueue.Thresholds `json:"thresholds"`
	Items      []queueItem            `json:"items"`
}

// queueItem is one article to review and why.
type queueItem struct {
	ID        string               `json:"id"`
	Title     string               `json:"title"`
	URL       string               `json:"url"`
	Source    string               `json:"source"`
	Published time.Time            `json:"published"`
	OnTopic   bool                 `json:"on_topic"`
	Labels    []string             `json:"labels"`
	Scores    map[string]float64   `json:"scores"`
	Priority  float64              `json:"priority"`
	Reasons   []reviewqueue.Reason `json:"reasons"`
}

// reviewQueue serves GET /v1/review-queue.
func (s *Server) reviewQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := newParams(r.URL.Query(), queueParams...)
	sq := p.searchFilters()
	sq.Page = p.integer("page", 1, 1, govwire.MaxDeepOffset)
	sq.Size = p.integer("size", govwire.DefaultPageSize, 1, govwire.MaxPageSize)
	if p.err == nil && sq.Page*sq.Size > govwire.MaxDeepOffset {
		p.fail("page %d of size %d is too deep (past item %d)", sq.Page, sq.Size, govwire.MaxDeepOffset)
	}
	if p.err != nil {
		writeError(w, r, s.log, p.err)
		return
	}
	f := reviewqueue.Filter{Sources: sq.Sources, Since: sq.Since, Until: sq.Until, Labels: sq.Labels}
	if sq.Q != "" || len(sq.Vendors)+len(sq.Agencies)+len(sq.Programmes) > 0 {
		ids, err := s.searchIDs(ctx, sq)
		if err != nil {
			writeError(w, r, s.log, err)
			return
		}
		f.UseIDs, f.IDs = true, make(map[string]bool, len(ids))
		for _, id := range ids {
			f.IDs[id] = true
		}
	}
	page, err := s.queue.Rank(ctx, f, (sq.Page-1)*sq.Size, sq.Size)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	items, err := s.queueItems(ctx, page.Items)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	writeJSON(w, r, s.log, http.StatusOK, queueResponse{Total: page.Total, Flagged: page.Flagged,
		Thresholds: s.queue.Thresholds(), Items: items})
}

// queueItems loads the ranked articles' titles, links and scores.
func (s *Server) queueItems(ctx context.Context, ranked []reviewqueue.Item) ([]queueItem, error) {
	out := make([]queueItem, 0, len(ranked))
	if len(ranked) == 0 {
		return out, nil
	}
	ids := make([]string, len(ranked))
	for i, it := range ranked {
		ids[i] = it.ID
	}
	byID := make(map[string]*govwire.Article, len(ids))
	err := s.cfg.Store.ScanArticles(ctx, govwire.ArticleFilter{IDs: ids, NoText: true}, func(a *govwire.Article) error {
		byID[a.ID] = a
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, it := range ranked {
		a, ok := byID[it.ID]
		if !ok {
			continue
		}
		labels := a.Labels
		if labels == nil {
			labels = []string{}
		}
		out = append(out, queueItem{ID: a.ID, Title: a.Title, URL: a.URL, Source: a.Source, Published: a.Published,
			OnTopic: a.OnTopic, Labels: labels, Scores: a.Scores, Priority: it.Priority, Reasons: it.Reasons})
	}
	return out, nil
}

// idSearcher is a Searcher that can list every hit's id cheaply (the Bleve
// index can).
type idSearcher interface {
	SearchIDs(ctx context.Context, q govwire.SearchQuery, limit int) ([]string, error)
}

// searchIDs returns the ids of the articles, on topic or not, matching sq's
// text and filters, up to maxQueueSearchIDs.
func (s *Server) searchIDs(ctx context.Context, sq govwire.SearchQuery) ([]string, error) {
	all := false
	sq.OnTopic, sq.Sort, sq.Page, sq.Labels = &all, "date", 0, nil
	if ids, ok := s.cfg.Searcher.(idSearcher); ok {
		return ids.SearchIDs(ctx, sq, maxQueueSearchIDs)
	}
	sq.Size = govwire.MaxPageSize
	var ids []string
	for len(ids) < maxQueueSearchIDs {
		res, err := s.cfg.Searcher.Search(ctx, sq)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if res.Next == "" || len(res.Hits) == 0 {
			break
		}
		sq.After = res.Next
	}
	return ids, nil
}

// WarmReviewQueue reads every stored article into the review queue now, so
// that the first GET /v1/review-queue does not wait for it (3.7 s of CPU at
// 100,000 articles). serve runs it in the background; it returns when done
// or when ctx ends.
func (s *Server) WarmReviewQueue(ctx context.Context) {
	if err := s.queue.CatchUp(ctx); err != nil && ctx.Err() == nil {
		s.log.WarnContext(ctx, "warm the review queue", "err", err)
	}
}
