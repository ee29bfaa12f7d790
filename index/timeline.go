package index

import (
	"context"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/govwire/govwire"
)

// labelMonthFacetSize is enough label_month terms for 50 years of months.
const labelMonthFacetSize = 50 * 12 * 9

// maxTimelineRounds caps the pages a timeline reads to fill its events
// when clusters collapse many hits into few events.
const maxTimelineRounds = 8

var timelineFields = []string{fieldTitle, fieldURL, fieldSource, fieldLabels, fieldCluster, fieldPublished,
	fieldMilestone, fieldEvidence}

// Timeline implements govwire.Timelines: the events of sq oldest first,
// each the earliest article of its near-duplicate cluster with the later
// members under Also, milestones typed (milestone.go), and the matching
// articles counted per month and label. Timelines are not cached.
func (ix *Index) Timeline(ctx context.Context, sq govwire.SearchQuery) (*govwire.Timeline, error) {
	size := sq.Size
	switch {
	case size == 0:
		size = govwire.DefaultTimelineSize
	case size < 0:
		size = 0
	case size > govwire.MaxTimelineSize:
		return nil, govwire.Errorf(govwire.EINVALID, "size must be at most %d, not %d", govwire.MaxTimelineSize, size)
	}
	q, err := filteredQuery(sq)
	if err != nil {
		return nil, err
	}
	if err := ix.checkTimelineFields(); err != nil {
		return nil, err
	}
	ctx, cancel := ix.searchContext(ctx)
	defer cancel()
	tl, err := ix.timeline(ctx, q, size)
	if err != nil {
		return nil, ix.searchError(ctx, err)
	}
	markMilestones(tl.Events, len(sq.Programmes) == 1)
	return tl, nil
}

// filteredQuery is sq's query text with its filters, as Search builds it.
func filteredQuery(sq govwire.SearchQuery) (query.Query, error) {
	userQ, err := parseQuery(sq.Q)
	if err != nil {
		return nil, err
	}
	fs, err := filters(sq)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(sq.Q) == "" && len(fs) > 0 {
		return query.NewConjunctionQuery(fs), nil // no match-all to intersect with
	}
	bq := query.NewBooleanQuery([]query.Query{userQ}, nil, nil)
	if len(fs) > 0 {
		bq.AddFilter(query.NewConjunctionQuery(fs))
	}
	return bq, nil
}

// timeline reads the hits of q in date order, page by page, until size
// events are collected or the hits run out. The order is the date alone:
// a tie-break on the document id would read the id of every match (most
// of a timeline's cost); articles of one minute may come in either order,
// and a page edge that splits them is mended by skipping ids already seen.
func (ix *Index) timeline(ctx context.Context, q query.Query, size int) (*govwire.Timeline, error) {
	tl := &govwire.Timeline{Events: []govwire.TimelineEvent{}}
	byCluster := map[string]int{} // cluster -> index in tl.Events
	seen := map[string]bool{}
	from := 0
	for round := 0; round < maxTimelineRounds; round++ {
		n := size + size/2 // copies collapse: a little more than size hits
		if round > 0 {
			n = 2 * size
		}
		req := bleve.NewSearchRequestOptions(q, n, from, false)
		req.Fields = timelineFields
		req.Score = "none"
		req.Sort = search.SortOrder{
			&search.SortField{Field: fieldPublished, Type: search.SortFieldAsDate, Missing: search.SortFieldMissingLast},
		}
		if round == 0 {
			req.AddFacet("months", bleve.NewFacetRequest(fieldLabelMonth, labelMonthFacetSize))
		}
		sr, err := ix.run(ctx, req)
		if err != nil {
			return nil, err
		}
		if round == 0 {
			tl.Total = sr.Total
			tl.Months = monthCounts(facetTerms(sr.Facets["months"]))
		}
		for _, h := range sr.Hits {
			if seen[h.ID] {
				continue
			}
			seen[h.ID] = true
			if !addEvent(tl, byCluster, h, size) {
				tl.Truncated = true
				return tl, nil
			}
		}
		from += len(sr.Hits)
		if len(sr.Hits) < n || size == 0 {
			tl.Truncated = size == 0 && sr.Total > 0
			return tl, nil
		}
	}
	tl.Truncated = true
	return tl, nil
}

// addEvent adds hit h to tl: as a copy of its cluster's event, or as a new
// event; false when a new event would exceed size.
func addEvent(tl *govwire.Timeline, byCluster map[string]int, h *search.DocumentMatch, size int) bool {
	cluster := fieldString(h.Fields[fieldCluster])
	if cluster == "" {
		cluster = h.ID
	}
	if i, ok := byCluster[cluster]; ok {
		tl.Events[i].Also = append(tl.Events[i].Also, govwire.EventCopy{
			ID: h.ID, Source: fieldString(h.Fields[fieldSource]), URL: fieldString(h.Fields[fieldURL])})
		return true
	}
	if len(tl.Events) >= size {
		return false
	}
	e := govwire.TimelineEvent{
		ID:        h.ID,
		Title:     fieldString(h.Fields[fieldTitle]),
		URL:       fieldString(h.Fields[fieldURL]),
		Source:    fieldString(h.Fields[fieldSource]),
		Labels:    fieldStrings(h.Fields[fieldLabels]),
		Milestone: fieldString(h.Fields[fieldMilestone]),
		Also:      []govwire.EventCopy{},
	}
	if t, err := time.Parse(time.RFC3339, fieldString(h.Fields[fieldPublished])); err == nil {
		e.Date = t.UTC()
	}
	e.Evidence = eventEvidence(e.Milestone, splitEvidence(h.Fields[fieldEvidence]))
	byCluster[cluster] = len(tl.Events)
	tl.Events = append(tl.Events, e)
	return true
}

// eventEvidence picks the key sentence of the milestone's label, else of
// the first label (in the order of govwire.Labels) that has one.
func eventEvidence(milestone string, ev map[string]string) *govwire.EventEvidence {
	want := milestoneLabel(milestone)
	if t, ok := ev[want]; ok {
		return &govwire.EventEvidence{Label: want, Text: t}
	}
	for _, l := range govwire.Labels {
		if t, ok := ev[l]; ok {
			return &govwire.EventEvidence{Label: l, Text: t}
		}
	}
	return nil
}

// milestoneLabel is the label a milestone stems from.
func milestoneLabel(m string) string {
	switch {
	case strings.HasPrefix(m, govwire.MilestoneProtest):
		return govwire.LabelProtest
	case m == govwire.MilestoneAward, m == govwire.MilestoneReAward:
		return govwire.LabelAward
	case m == govwire.MilestoneAllegation, m == govwire.MilestoneInvestigation:
		return govwire.LabelAllegation
	case m == govwire.MilestoneBid, m == govwire.MilestoneFirstBid:
		return govwire.LabelBid
	}
	return ""
}

// facetTerms returns a facet's terms and counts.
func facetTerms(fr *search.FacetResult) map[string]int {
	out := map[string]int{}
	if fr == nil || fr.Terms == nil {
		return out
	}
	for _, t := range fr.Terms.Terms() {
		out[t.Term] = t.Count
	}
	return out
}

// checkTimelineFields fails with EUNAVAILABLE when the index was created
// before its documents carried the timeline fields (its stored mapping
// lacks them): "govwire reindex" rebuilds it with them.
func (ix *Index) checkTimelineFields() error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return errClosed
	}
	if fm := ix.bi.Mapping().FieldMappingForPath(fieldRelated); fm.Type == "" {
		return govwire.Errorf(govwire.EUNAVAILABLE, "the search index predates timelines and entity pages: run govwire reindex")
	}
	return nil
}
