package api

import (
	"net/http"
	"slices"

	"github.com/govwire/govwire"
)

// entitiesResponse is the body of GET /v1/entities.
type entitiesResponse struct {
	Entities []govwire.EntityRef `json:"entities"`
}

// entities serves GET /v1/entities?type=&q=: entity values whose name
// contains q, or whose alias q is (when the server has the classifier).
func (s *Server) entities(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Timelines == nil {
		writeError(w, r, s.log, govwire.Errorf(govwire.EUNAVAILABLE, "entity pages are not enabled on this server"))
		return
	}
	p := newParams(r.URL.Query(), "type", "q", "limit")
	typ := p.str("type", 40)
	q := p.str("q", MaxParamLength)
	limit := p.integer("limit", 20, 1, govwire.MaxEntityList)
	if typ != "" && !slices.Contains(govwire.EntityPageTypes, typ) {
		p.fail("unknown entity type %q: use one of %v", typ, govwire.EntityPageTypes)
	}
	if p.err != nil {
		writeError(w, r, s.log, p.err)
		return
	}
	list, err := s.cfg.Timelines.Entities(r.Context(), typ, q, limit)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	// An alias ("AWS", "Pentagon") names its canonical value: list that too.
	for _, e := range s.resolve(q) {
		if (typ != "" && e.Type != typ) || slices.ContainsFunc(list, func(x govwire.EntityRef) bool { return x.Type == e.Type && x.Value == e.Value }) {
			continue
		}
		more, err := s.cfg.Timelines.Entities(r.Context(), e.Type, e.Value, limit)
		if err != nil {
			writeError(w, r, s.log, err)
			return
		}
		for _, m := range more {
			if m.Value == e.Value {
				list = append([]govwire.EntityRef{m}, list...)
			}
		}
	}
	writeJSON(w, r, s.log, http.StatusOK, entitiesResponse{Entities: list[:min(len(list), limit)]})
}

// entity serves GET /v1/entities/{type}/{value}. A value the index does
// not know but the rules call an alias ("AWS") answers with its canonical
// value's page.
func (s *Server) entity(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Timelines == nil {
		writeError(w, r, s.log, govwire.Errorf(govwire.EUNAVAILABLE, "entity pages are not enabled on this server"))
		return
	}
	typ, value := r.PathValue("type"), r.PathValue("value")
	if !slices.Contains(govwire.EntityPageTypes, typ) {
		writeError(w, r, s.log, govwire.Errorf(govwire.EINVALID, "unknown entity type %q: use one of %v", clip(typ, 40), govwire.EntityPageTypes))
		return
	}
	if len(value) > MaxParamLength {
		writeError(w, r, s.log, govwire.Errorf(govwire.EINVALID, "an entity value is at most %d bytes", MaxParamLength))
		return
	}
	page, err := s.cfg.Timelines.Entity(r.Context(), typ, value)
	if govwire.ErrorCode(err) == govwire.ENOTFOUND {
		for _, e := range s.resolve(value) {
			if e.Type == typ && e.Value != value {
				page, err = s.cfg.Timelines.Entity(r.Context(), typ, e.Value)
				break
			}
		}
	}
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	page.Months = cleanMonths(page.Months)
	writeJSON(w, r, s.log, http.StatusOK, page)
}

// resolve returns the gazetteer entities that name exactly the whole of
// name, by classifying it as a title: the rules' own aliases, so an entity
// a rule file adds resolves without code changes. Nil without a classifier.
func (s *Server) resolve(name string) []govwire.Entity {
	if s.cfg.Classifier == nil || name == "" {
		return nil
	}
	var out []govwire.Entity
	for _, e := range s.cfg.Classifier.Classify(govwire.Document{Title: name}).Entities {
		if e.Field == "title" && e.Start == 0 && e.End == len(name) && slices.Contains(govwire.EntityPageTypes, e.Type) {
			out = append(out, e)
		}
	}
	return out
}
