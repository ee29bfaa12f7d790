package sqlcore

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/govwire/govwire"
)

// Times are stored as unix nanoseconds in UTC; the zero time is NULL. Times
// outside what int64 nanoseconds can hold (before 1678, after 2261) are
// clamped to the nearest representable instant.
var (
	minTime = time.Unix(0, math.MinInt64+1).UTC()
	maxTime = time.Unix(0, math.MaxInt64).UTC()
)

// timeArg converts t for a query argument: nil for the zero time.
func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return UnixNano(t)
}

// UnixNano returns t in unix nanoseconds, clamped to the int64 range.
func UnixNano(t time.Time) int64 {
	switch {
	case t.Before(minTime):
		return minTime.UnixNano()
	case t.After(maxTime):
		return maxTime.UnixNano()
	}
	return t.UnixNano()
}

// fromNano converts a stored time back; NULL is the zero time.
func fromNano(v nullInt) time.Time {
	if !v.valid {
		return time.Time{}
	}
	return time.Unix(0, v.v).UTC()
}

// nullString stores "" as NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// classRow is a Classification as stored: JSON text for the nested parts,
// NULL (nil) for empty ones, so equal classifications encode equally.
type classRow struct {
	onTopic                              bool
	labels                               []string // sorted, deduplicated
	labelsJS, scores, entities, evidence any      // nil or JSON text
	ruleset                              string
}

// encodeClass encodes c for storage.
func encodeClass(c govwire.Classification) (classRow, error) {
	r := classRow{onTopic: c.OnTopic, ruleset: c.Ruleset}
	r.labels = slices.Compact(slices.Sorted(slices.Values(c.Labels)))
	var err error
	for _, f := range []struct {
		name string
		n    int
		v    any
		dst  *any
	}{
		{"labels", len(r.labels), r.labels, &r.labelsJS},
		{"scores", len(c.Scores), c.Scores, &r.scores},
		{"entities", len(c.Entities), c.Entities, &r.entities},
		{"evidence", len(c.Evidence), c.Evidence, &r.evidence},
	} {
		if *f.dst, err = jsonArg(f.n, f.v); err != nil {
			return r, fmt.Errorf("encode %s: %w", f.name, err)
		}
	}
	return r, nil
}

// appendArgs appends r's values in classCols order to args.
func (r classRow) appendArgs(args []any) []any {
	return append(args, r.onTopic, r.labelsJS, r.scores, r.entities, r.evidence, r.ruleset)
}

// jsonArg encodes v as JSON text, or nil when it has no elements.
func jsonArg(n int, v any) (any, error) {
	if n == 0 {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// equal reports whether r and the stored classification s are the same.
func (r classRow) equal(s storedClass) bool {
	return r.onTopic == s.onTopic && r.ruleset == s.ruleset &&
		eqNull(r.labelsJS, s.labels) && eqNull(r.scores, s.scores) &&
		eqNull(r.entities, s.entities) && eqNull(r.evidence, s.evidence)
}

// eqNull reports whether the argument a (nil or a string) is the stored b.
func eqNull(a any, b nullStr) bool {
	s, ok := a.(string)
	return ok == b.valid && s == b.s
}

// classCols are the classification columns, in storedClass.dest's order.
const classCols = `on_topic, labels, scores, entities, evidence, ruleset`

// storedClass is the stored form of a classification, as read back.
type storedClass struct {
	onTopic                            bool
	labels, scores, entities, evidence nullStr
	ruleset                            string
}

// dest are the Scan destinations of classCols.
func (s *storedClass) dest() []any {
	return []any{&s.onTopic, &s.labels, &s.scores, &s.entities, &s.evidence, &s.ruleset}
}

// decode turns the stored form back into a Classification.
func (s storedClass) decode() (govwire.Classification, error) {
	c := govwire.Classification{OnTopic: s.onTopic, Ruleset: s.ruleset}
	for _, f := range []struct {
		name string
		src  nullStr
		dst  any
	}{
		{"labels", s.labels, &c.Labels},
		{"scores", s.scores, &c.Scores},
		{"entities", s.entities, &c.Entities},
		{"evidence", s.evidence, &c.Evidence},
	} {
		if !f.src.valid {
			continue
		}
		if err := json.Unmarshal([]byte(f.src.s), f.dst); err != nil {
			return c, fmt.Errorf("decode %s: %w", f.name, err)
		}
	}
	return c, nil
}

// fingerprintArg encodes f for the fingerprint column; nil (NULL) when
// empty.
func fingerprintArg(f govwire.Fingerprint) any {
	if len(f) == 0 {
		return nil
	}
	b, _ := f.MarshalBinary() // never fails
	return b
}

// datedArg is the value of the dated column: Published, or Fetched when the
// publication date is unknown.
func datedArg(a *govwire.Article) int64 {
	if a.Published.IsZero() {
		return UnixNano(a.Fetched)
	}
	return UnixNano(a.Published)
}

// provenanceArgs returns the via and provenance column values of a new
// article: "" is ViaFeed, an unknown via is an EINVALID error, and an
// empty provenance is NULL. Sets a.Via to the stored value. An update
// never changes them: they say how the article was first found.
func provenanceArgs(a *govwire.Article) (string, any, error) {
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
	return a.Via, string(b), nil
}

// decodeProvenance reads the provenance column; NULL is nil.
func decodeProvenance(v nullStr) (*govwire.Provenance, error) {
	if v.s == "" {
		return nil, nil
	}
	var p govwire.Provenance
	if err := json.Unmarshal([]byte(v.s), &p); err != nil {
		return nil, fmt.Errorf("decode provenance: %w", err)
	}
	return &p, nil
}
