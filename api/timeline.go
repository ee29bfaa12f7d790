package api

import (
	"net/http"
	"net/url"

	"github.com/govwire/govwire"
)

// timelineParams are the parameters of GET /v1/timeline: the filters of
// /v1/search, size (events; 0 for the month counts alone) and all.
var timelineParams = []string{"q", "label", "vendor", "agency", "programme", "source", "since", "until", "size", "all"}

// timeline serves GET /v1/timeline.
func (s *Server) timeline(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Timelines == nil {
		writeError(w, r, s.log, govwire.Errorf(govwire.EUNAVAILABLE, "timelines are not enabled on this server"))
		return
	}
	q, err := parseTimeline(r.URL.Query())
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	tl, err := s.cfg.Timelines.Timeline(r.Context(), q)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	writeJSON(w, r, s.log, http.StatusOK, cleanTimeline(tl))
}

// parseTimeline turns the parameters of GET /v1/timeline into a
// SearchQuery whose Size is the number of events (-1: none).
func parseTimeline(v url.Values) (govwire.SearchQuery, error) {
	p := newParams(v, timelineParams...)
	q := p.searchFilters()
	q.Size = p.integer("size", govwire.DefaultTimelineSize, 0, govwire.MaxTimelineSize)
	if q.Size == 0 {
		q.Size = -1
	}
	return q, p.err
}

// searchFilters reads the query text and filters shared by /v1/search and
// /v1/timeline: q, label, vendor, agency, programme, source, since, until
// and all.
func (p *params) searchFilters() govwire.SearchQuery {
	q := govwire.SearchQuery{
		Q:          p.str("q", govwire.MaxQueryLength),
		Labels:     p.labels("label"),
		Vendors:    p.list("vendor"),
		Agencies:   p.list("agency"),
		Programmes: p.list("programme"),
		Sources:    p.list("source"),
	}
	q.Since, q.Until = p.dateRange()
	if p.boolean("all") {
		all := false
		q.OnTopic = &all
	}
	return q
}

// cleanTimeline makes every list and map non-null for clients.
func cleanTimeline(tl *govwire.Timeline) *govwire.Timeline {
	if tl.Events == nil {
		tl.Events = []govwire.TimelineEvent{}
	}
	for i := range tl.Events {
		e := &tl.Events[i]
		if e.Labels == nil {
			e.Labels = []string{}
		}
		if e.Also == nil {
			e.Also = []govwire.EventCopy{}
		}
	}
	tl.Months = cleanMonths(tl.Months)
	return tl
}

// cleanMonths makes the month list and its maps non-null.
func cleanMonths(ms []govwire.MonthCount) []govwire.MonthCount {
	if ms == nil {
		return []govwire.MonthCount{}
	}
	for i := range ms {
		if ms[i].Labels == nil {
			ms[i].Labels = map[string]int{}
		}
		if ms[i].Primary == nil {
			ms[i].Primary = map[string]int{}
		}
	}
	return ms
}
