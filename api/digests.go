package api

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/govwire/govwire"
)

// digestContentTypes maps each digest format to its Content-Type.
var digestContentTypes = map[string]string{
	"json": "application/json; charset=utf-8",
	"md":   "text/markdown; charset=utf-8",
	"html": "text/html; charset=utf-8",
	"text": "text/plain; charset=utf-8",
}

// digestCSP lets a rendered HTML digest keep its inline (email) styles while
// still refusing every script.
const digestCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"

// digestList is the body of GET /v1/digests.
type digestList struct {
	Digests    []string           `json:"digests"`
	Deliveries []govwire.Delivery `json:"deliveries"`
}

// digestService returns the digest service or a 503 error.
func (s *Server) digestService() (govwire.DigestService, error) {
	if s.cfg.Digests == nil {
		return nil, govwire.Errorf(govwire.EUNAVAILABLE, "digests are not enabled on this server")
	}
	return s.cfg.Digests, nil
}

// digests serves GET /v1/digests: the configured digests and their recent
// deliveries.
func (s *Server) digests(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), "name", "limit")
	name, limit := p.str("name", MaxParamLength), p.integer("limit", 20, 1, MaxDeliveries)
	if p.err != nil {
		writeError(w, r, s.log, p.err)
		return
	}
	if s.cfg.Digests == nil { // a server without digests has none to list
		writeJSON(w, r, s.log, http.StatusOK, digestList{Digests: []string{}, Deliveries: []govwire.Delivery{}})
		return
	}
	ds := s.cfg.Digests
	dels, err := ds.Deliveries(r.Context(), name, limit)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if dels == nil {
		dels = []govwire.Delivery{}
	}
	names := ds.Names()
	if names == nil {
		names = []string{}
	}
	writeJSON(w, r, s.log, http.StatusOK, digestList{Digests: names, Deliveries: dels})
}

// digest serves GET /v1/digests/{date}?name=&format=, where date is
// YYYY-MM-DD or "today"; GET /v1/digests/{name}.atom serves one digest's
// Atom feed.
func (s *Server) digest(w http.ResponseWriter, r *http.Request) {
	date := r.PathValue("date")
	if name, ok := strings.CutSuffix(date, ".atom"); ok {
		s.serveAtom(w, r, name)
		return
	}
	p := newParams(r.URL.Query(), "name", "format")
	name := p.str("name", MaxParamLength)
	format := p.oneOf("format", "json", "json", "md", "html", "text")
	if date == "today" {
		date = ""
	} else if _, err := time.Parse(time.DateOnly, date); err != nil {
		p.fail("digest date must be YYYY-MM-DD or today, not %q", clip(date, 40))
	}
	ds, err := s.digestService()
	if err == nil {
		err = p.err
	}
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if name == "" {
		if names := ds.Names(); len(names) > 0 {
			name = names[0]
		}
	}
	d, err := ds.Build(r.Context(), name, date)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	var buf bytes.Buffer
	if err := ds.Render(&buf, d, format); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if format == "html" {
		w.Header().Set("Content-Security-Policy", digestCSP)
	}
	writeBody(w, digestContentTypes[format], buf.Bytes())
}

// digestsAtom serves GET /v1/digests.atom?name=.
func (s *Server) digestsAtom(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), "name")
	name := p.str("name", MaxParamLength)
	if p.err != nil {
		writeError(w, r, s.log, p.err)
		return
	}
	s.serveAtom(w, r, name)
}

// serveAtom writes the Atom feed of digest name ("" for all).
func (s *Server) serveAtom(w http.ResponseWriter, r *http.Request, name string) {
	ds, err := s.digestService()
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if name != "" && !slices.Contains(ds.Names(), name) {
		writeError(w, r, s.log, govwire.Errorf(govwire.ENOTFOUND, "no digest named %q", clip(name, 60)))
		return
	}
	var buf bytes.Buffer
	if err := ds.Atom(r.Context(), &buf, name); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	writeBody(w, "application/atom+xml; charset=utf-8", buf.Bytes())
}

// writeBody writes a complete 200 response of type contentType.
func writeBody(w http.ResponseWriter, contentType string, b []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}
