package postgres

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/govwire/govwire"
)

// Times are stored as unix nanoseconds in UTC, as in the SQLite store;
// the zero time is NULL. Times outside what int64 nanoseconds can hold are
// clamped to the nearest representable instant.
var (
	minTime = time.Unix(0, math.MinInt64+1).UTC()
	maxTime = time.Unix(0, math.MaxInt64).UTC()
)

// timeArg converts t for a query argument: nil (NULL) for the zero time.
func timeArg(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	n := unixNano(t)
	return &n
}

// unixNano returns t in unix nanoseconds, clamped to the int64 range.
func unixNano(t time.Time) int64 {
	switch {
	case t.Before(minTime):
		return minTime.UnixNano()
	case t.After(maxTime):
		return maxTime.UnixNano()
	}
	return t.UnixNano()
}

// fromNano converts a stored time back; NULL is the zero time.
func fromNano(v *int64) time.Time {
	if v == nil {
		return time.Time{}
	}
	return time.Unix(0, *v).UTC()
}

// nullString stores "" as NULL.
func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// classRow is a Classification as stored: JSON text for the nested parts,
// NULL (nil) for empty ones, so equal classifications encode equally. The
// encoding is the SQLite store's, byte for byte.
type classRow struct {
	onTopic                              bool
	labels                               []string // sorted, deduplicated
	labelsJS, scores, entities, evidence *string
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
		dst  **string
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

// jsonArg encodes v as JSON text, or nil when it has no elements.
func jsonArg(n int, v any) (*string, error) {
	if n == 0 {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	s := string(b)
	return &s, nil
}

// equal reports whether r and the stored classification s are the same.
func (r classRow) equal(s classRow) bool {
	return r.onTopic == s.onTopic && r.ruleset == s.ruleset &&
		eqNull(r.labelsJS, s.labelsJS) && eqNull(r.scores, s.scores) &&
		eqNull(r.entities, s.entities) && eqNull(r.evidence, s.evidence)
}

func eqNull(a, b *string) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

// decode turns the stored form back into a Classification.
func (r classRow) decode() (govwire.Classification, error) {
	c := govwire.Classification{OnTopic: r.onTopic, Ruleset: r.ruleset}
	for _, f := range []struct {
		name string
		src  *string
		dst  any
	}{
		{"labels", r.labelsJS, &c.Labels},
		{"scores", r.scores, &c.Scores},
		{"entities", r.entities, &c.Entities},
		{"evidence", r.evidence, &c.Evidence},
	} {
		if f.src == nil {
			continue
		}
		if err := json.Unmarshal([]byte(*f.src), f.dst); err != nil {
			return c, fmt.Errorf("decode %s: %w", f.name, err)
		}
	}
	return c, nil
}

// classDest are the Scan destinations of classCols.
func (r *classRow) classDest() []any {
	return []any{&r.onTopic, &r.labelsJS, &r.scores, &r.entities, &r.evidence, &r.ruleset}
}

// classCols are the classification columns, in classDest's order.
const classCols = `on_topic, labels, scores, entities, evidence, ruleset`

// articleCols lists the columns scanArticle reads, from table alias a.
// With noText the text column reads as ”.
func articleCols(noText bool) string {
	text := "a.text"
	if noText {
		text = "''"
	}
	return strings.Join([]string{"a.id", "a.url", "a.canonical_url", "a.final_url", "a.source", "a.feed",
		"a.title", text, "a.author", "a.published", "a.fetched", "a.updated", "a.content_hash",
		"a.fingerprint", "a.cluster_id", "a.extractor", "a.seq", "a.on_topic", "a.labels", "a.scores",
		"a.entities", "a.evidence", "a.ruleset", "a.via", "a.provenance", reviewCols}, ", ")
}

// articleFrom is the FROM clause for articleCols: each article with its
// latest review, if any.
const articleFrom = `articles a LEFT JOIN reviews r ON r.id = a.review_id`

// scanner is a pgx.Row or pgx.Rows.
type scanner interface{ Scan(dest ...any) error }

// scanArticle reads one row of articleCols.
func scanArticle(s scanner) (*govwire.Article, error) {
	var (
		a                           govwire.Article
		final                       *string
		published, fetched, updated *int64
		fp                          []byte
		cr                          classRow
		prov                        *string
		rv                          storedReview
	)
	dest := append([]any{&a.ID, &a.URL, &a.CanonicalURL, &final, &a.Source, &a.Feed, &a.Title, &a.Text, &a.Author,
		&published, &fetched, &updated, &a.ContentHash, &fp, &a.ClusterID, &a.Extractor, &a.Seq}, cr.classDest()...)
	dest = append(dest, &a.Via, &prov)
	dest = append(dest, rv.dest()...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	var err error
	if rv.id != nil {
		r, err := rv.decode(a.ID)
		if err != nil {
			return nil, fmt.Errorf("article %s: %w", a.ID, err)
		}
		a.Review = &r
	}
	if a.Provenance, err = decodeProvenance(prov); err != nil {
		return nil, fmt.Errorf("article %s: %w", a.ID, err)
	}
	if final != nil {
		a.FinalURL = *final
	}
	a.Published, a.Fetched, a.Updated = fromNano(published), fromNano(fetched), fromNano(updated)
	if len(fp) > 0 {
		if err := a.Fingerprint.UnmarshalBinary(fp); err != nil {
			return nil, fmt.Errorf("article %s: %w", a.ID, err)
		}
	}
	if a.Classification, err = cr.decode(); err != nil {
		return nil, fmt.Errorf("article %s: %w", a.ID, err)
	}
	return &a, nil
}

// fingerprintArg encodes f for the fingerprint column; nil when empty.
func fingerprintArg(f govwire.Fingerprint) []byte {
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
		return unixNano(a.Fetched)
	}
	return unixNano(a.Published)
}
