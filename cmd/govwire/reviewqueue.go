package main

import (
	"context"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api/reviewqueue"
	"github.com/govwire/govwire/classify"
)

// queueThresholds are the classifier's thresholds, for the review queue.
var queueThresholds = reviewqueue.Thresholds{OnTopic: classify.GateThreshold, Label: classify.LabelThreshold}

// SearchIDs lists the ids of the articles matching q, for the review
// queue's text and entity filters; errors are reported as Search reports
// them.
func (h healthSearcher) SearchIDs(ctx context.Context, q govwire.SearchQuery, limit int) ([]string, error) {
	ids, err := h.a.ix.SearchIDs(ctx, q, limit)
	if err != nil && govwire.ErrorCode(err) == govwire.EINTERNAL && ctx.Err() == nil {
		if _, herr := h.a.health.failing(); herr != nil {
			return nil, govwire.Errorf(govwire.EUNAVAILABLE, "search is unavailable while the index cannot be written (see /readyz); retry later")
		}
	}
	return ids, err
}
