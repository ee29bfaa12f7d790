package api

import (
	"net/http"

	"github.com/govwire/govwire"
)

// Source health values in GET /v1/sources.
const (
	HealthOK      = "ok"      // the last fetch succeeded
	HealthFailing = "failing" // the last fetch failed
	HealthPending = "pending" // never fetched successfully yet
)

// sourceHealth is one feed's state with a one-word verdict.
type sourceHealth struct {
	govwire.SourceState
	Health string `json:"health"`
}

// sourcesResponse is the body of GET /v1/sources.
type sourcesResponse struct {
	Ruleset string         `json:"ruleset,omitempty"`
	Sources []sourceHealth `json:"sources"`
}

// sources serves GET /v1/sources: the health of each feed.
func (s *Server) sources(w http.ResponseWriter, r *http.Request) {
	states, err := s.cfg.Store.Sources(r.Context())
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	resp := sourcesResponse{Sources: make([]sourceHealth, 0, len(states))}
	if s.cfg.Ruleset != nil {
		resp.Ruleset = s.cfg.Ruleset()
	}
	for _, st := range states {
		h := HealthOK
		switch {
		case st.ConsecutiveFailures > 0 || st.LastError != "":
			h = HealthFailing
		case st.LastSuccess.IsZero():
			h = HealthPending
		}
		resp.Sources = append(resp.Sources, sourceHealth{SourceState: st, Health: h})
	}
	writeJSON(w, r, s.log, http.StatusOK, resp)
}

// healthzResponse is the body of /healthz and /readyz.
type healthzResponse struct {
	Status string `json:"status"`
}

// healthz serves GET /healthz: the process is up.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, r, s.log, http.StatusOK, healthzResponse{Status: "ok"})
}

// readyz serves GET /readyz: the server can answer searches.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Ready != nil {
		if err := s.cfg.Ready(); err != nil {
			if govwire.ErrorCode(err) == govwire.EINTERNAL {
				err = govwire.Errorf(govwire.EUNAVAILABLE, "not ready: %v", err)
			}
			writeError(w, r, s.log, err)
			return
		}
	}
	writeJSON(w, r, s.log, http.StatusOK, healthzResponse{Status: "ready"})
}
