package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"io"
	"net/http"
	"strings"

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

// ingest serves POST /v1/ingest: with the admin token as a Bearer token, it
// runs one ingest pass and returns its summary. Without a configured token
// the route does not exist (404); one pass runs at a time (409).
func (s *Server) ingest(w http.ResponseWriter, r *http.Request) {
	if s.cfg.AdminToken == "" {
		writeError(w, r, s.log, govwire.Errorf(govwire.ENOTFOUND, "ingest over HTTP is disabled: no admin token is configured"))
		return
	}
	if !s.authorized(r) {
		writeError(w, r, s.log, govwire.Errorf(govwire.EUNAUTHORIZED, "a valid admin token is required (Authorization: Bearer TOKEN)"))
		return
	}
	// The pass takes no input; reading the body enforces the size limit.
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if s.cfg.Ingest == nil {
		writeError(w, r, s.log, govwire.Errorf(govwire.EUNAVAILABLE, "ingest is not enabled on this server"))
		return
	}
	if !s.ingestMu.TryLock() {
		writeError(w, r, s.log, govwire.Errorf(govwire.ECONFLICT, "an ingest pass is already running"))
		return
	}
	defer s.ingestMu.Unlock()
	s.log.InfoContext(r.Context(), "ingest requested over http", "remote_addr", r.RemoteAddr)
	summary, err := s.cfg.Ingest(r.Context())
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	writeJSON(w, r, s.log, http.StatusOK, summary)
}

// authorized compares the request's Bearer token with the admin token in
// constant time (over their hashes, so the length does not leak either).
func (s *Server) authorized(r *http.Request) bool {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(token)))
	want := sha256.Sum256([]byte(s.cfg.AdminToken))
	return subtle.ConstantTimeCompare(got[:], want[:]) == 1
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
