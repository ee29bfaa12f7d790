package api

import (
	"net/http"
	"time"

	"github.com/govwire/govwire"
)

// articleResponse is the body of GET /v1/articles/{id}: the article with its
// text and classification, and its copies from other outlets.
// Its top-level on_topic and labels are the effective ones (the latest
// review's when there is one); rules holds the classifier's decision.
type articleResponse struct {
	*govwire.Article
	OnTopic     bool             `json:"on_topic"`
	Labels      []string         `json:"labels"`
	LabelSource string           `json:"label_source"`
	Review      *govwire.Review  `json:"review"` // the latest review; null when none
	Rules       rulesDecision    `json:"rules"`
	History     []govwire.Review `json:"history"`
	Duplicates  []duplicate      `json:"duplicates"`
}

// rulesDecision is what the rules decided, whatever a review says.
type rulesDecision struct {
	OnTopic bool     `json:"on_topic"`
	Labels  []string `json:"labels"`
	Ruleset string   `json:"ruleset"`
}

// duplicate is another member of an article's near-duplicate cluster.
type duplicate struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	URL       string    `json:"url"`
	Source    string    `json:"source"`
	Published time.Time `json:"published"`
}

// article serves GET /v1/articles/{id}.
func (s *Server) article(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !validID(id) {
		writeError(w, r, s.log, govwire.Errorf(govwire.EINVALID, "article id must be 16 hex digits, not %q", clip(id, 40)))
		return
	}
	a, err := s.cfg.Store.Article(r.Context(), id)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	history, err := s.cfg.Store.Reviews(r.Context(), id)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	resp := articleResponse{Article: a, OnTopic: a.EffectiveOnTopic(), Labels: a.EffectiveLabels(),
		LabelSource: a.LabelSource(), Review: a.Review, Rules: rulesDecision{OnTopic: a.OnTopic, Labels: nonNil(a.Labels), Ruleset: a.Ruleset},
		History: history, Duplicates: []duplicate{}}
	if a.ClusterID != "" {
		members, err := s.cfg.Store.ClusterMembers(r.Context(), a.ClusterID)
		if err != nil {
			writeError(w, r, s.log, err)
			return
		}
		for _, m := range members {
			if m.ID != a.ID {
				resp.Duplicates = append(resp.Duplicates, duplicate{ID: m.ID, Title: m.Title, URL: m.URL,
					Source: m.Source, Published: m.Published})
			}
		}
	}
	if a.Evidence == nil {
		a.Evidence = []govwire.Evidence{}
	}
	if a.Entities == nil {
		a.Entities = []govwire.Entity{}
	}
	writeJSON(w, r, s.log, http.StatusOK, resp)
}

// validID reports whether id looks like govwire.ArticleID's output.
func validID(id string) bool {
	if len(id) != 16 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// clip shortens s to at most n bytes for an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
