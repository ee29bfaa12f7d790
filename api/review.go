package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api/reviewqueue"
)

// MaxNoteLength bounds a review's note, in characters.
const MaxNoteLength = 2000

// Review outcomes counted by govwire_reviews_total.
var ReviewOutcomes = []string{"confirmed", "corrected"}

// newReviewCounter registers govwire_reviews_total on reg.
func newReviewCounter(reg *prometheus.Registry) *prometheus.CounterVec {
	c := register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "govwire_reviews_total",
		Help: "Reviews saved through PUT /v1/articles/{id}/review, by outcome: confirmed (the same decision as the rules) or corrected.",
	}, []string{"outcome"}))
	for _, o := range ReviewOutcomes {
		c.WithLabelValues(o)
	}
	return c
}

// reviewRequest is the body of PUT /v1/articles/{id}/review.
type reviewRequest struct {
	OnTopic *bool    `json:"on_topic"`
	Labels  []string `json:"labels"`
	Note    string   `json:"note"`
}

// review serves PUT /v1/articles/{id}/review: a reviewer's decision, stored
// with the token's name; the answer is the review as stored.
func (s *Server) review(w http.ResponseWriter, r *http.Request) {
	who, ok := s.allow(w, r, "reviewing", govwire.RoleReviewer, govwire.RoleAdmin)
	if !ok {
		return
	}
	id := r.PathValue("id")
	if !validID(id) {
		writeError(w, r, s.log, govwire.Errorf(govwire.EINVALID, "article id must be 16 hex digits, not %q", clip(id, 40)))
		return
	}
	rev, err := decodeReview(r.Body)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	rev.Reviewer = who.name
	before, err := s.cfg.Store.Article(r.Context(), id)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	stored, err := s.cfg.Store.SaveReview(r.Context(), id, rev)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	outcome := "corrected"
	if stored.OnTopic == before.OnTopic && (!stored.OnTopic || slices.Equal(stored.Labels, nonNil(before.Labels))) {
		outcome = "confirmed"
	}
	s.reviews.WithLabelValues(outcome).Inc()
	s.log.InfoContext(r.Context(), "review saved", "article", id, "reviewer", who.name, "outcome", outcome)
	writeJSON(w, r, s.log, http.StatusOK, stored)
}

// decodeReview reads and checks a review body: on_topic is required, labels
// must be known (on_topic false stores none), the note is bounded.
func decodeReview(body io.Reader) (govwire.Review, error) {
	var req reviewRequest
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return govwire.Review{}, err
		}
		return govwire.Review{}, govwire.Errorf(govwire.EINVALID, "review body: %v (want {\"on_topic\": true, \"labels\": [...], \"note\": \"...\"})", err)
	}
	if dec.More() {
		return govwire.Review{}, govwire.Errorf(govwire.EINVALID, "review body: one JSON object expected")
	}
	if req.OnTopic == nil {
		return govwire.Review{}, govwire.Errorf(govwire.EINVALID, "review body: on_topic is required (true or false)")
	}
	if n := utf8.RuneCountInString(req.Note); n > MaxNoteLength {
		return govwire.Review{}, govwire.Errorf(govwire.EINVALID, "review body: note is %d characters, at most %d", n, MaxNoteLength)
	}
	rev := govwire.Review{OnTopic: *req.OnTopic, Labels: req.Labels, Note: strings.TrimSpace(req.Note)}
	if l := rev.Normalize(); l != "" {
		return rev, govwire.Errorf(govwire.EINVALID, "review body: unknown label %q (labels are %s)",
			clip(l, 40), strings.Join(govwire.Labels, ", "))
	}
	return rev, nil
}

// reviewDecision is the review queue's view of an article's latest review.
func reviewDecision(a *govwire.Article) (bool, reviewqueue.Mask) {
	if a.Review == nil {
		return false, 0
	}
	return true, reviewqueue.MaskOf(a.Review.OnTopic, a.Review.Labels)
}

// nonNil returns ls, or an empty slice for nil.
func nonNil(ls []string) []string {
	if ls == nil {
		return []string{}
	}
	return ls
}
