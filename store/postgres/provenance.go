package postgres

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/govwire/govwire"
)

// provenanceArgs returns the via and provenance column values of a new
// article: "" is ViaFeed, an unknown via is an EINVALID error, and an
// empty provenance is NULL. Sets a.Via to the stored value. An update
// never changes them: they say how the article was first found.
func provenanceArgs(a *govwire.Article) (string, *string, error) {
	if a.Via == "" {
		a.Via = govwire.ViaFeed
	}
	if !slices.Contains(govwire.Vias, a.Via) {
		return "", nil, govwire.Errorf(govwire.EINVALID, "unknown via %q (want one of %v)", a.Via, govwire.Vias)
	}
	if a.Provenance == nil || a.Provenance.IsZero() {
		return a.Via, nil, nil
	}
	p := *a.Provenance
	p.Captured = p.Captured.UTC()
	b, err := json.Marshal(p)
	if err != nil {
		return "", nil, fmt.Errorf("encode provenance: %w", err)
	}
	s := string(b)
	return a.Via, &s, nil
}

// decodeProvenance reads the provenance column; NULL is nil.
func decodeProvenance(v *string) (*govwire.Provenance, error) {
	if v == nil || *v == "" {
		return nil, nil
	}
	var p govwire.Provenance
	if err := json.Unmarshal([]byte(*v), &p); err != nil {
		return nil, fmt.Errorf("decode provenance: %w", err)
	}
	return &p, nil
}

// keepProvenance gives a the stored article's via and provenance: they
// say how the article was first found, and an update keeps them.
func (p prior) keepProvenance(a *govwire.Article) error {
	prov, err := decodeProvenance(p.provenance)
	if err != nil {
		return err
	}
	a.Via, a.Provenance = p.via, prov
	return nil
}
