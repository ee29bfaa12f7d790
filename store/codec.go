package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
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
	return unixNano(t)
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
func fromNano(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.Unix(0, v.Int64).UTC()
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
	onTopic  bool
	labels   []string // sorted, deduplicated
	labelsJS any
	scores   any
	entities any
	evidence any
	ruleset  string
}

// encodeClass encodes c for storage.
func encodeClass(c govwire.Classification) (classRow, error) {
	r := classRow{onTopic: c.OnTopic, ruleset: c.Ruleset}
	r.labels = slices.Compact(slices.Sorted(slices.Values(c.Labels)))
	var err error
	if r.labelsJS, err = jsonArg(len(r.labels), r.labels); err != nil {
		return r, fmt.Errorf("encode labels: %w", err)
	}
	if r.scores, err = jsonArg(len(c.Scores), c.Scores); err != nil {
		return r, fmt.Errorf("encode scores: %w", err)
	}
	if r.entities, err = jsonArg(len(c.Entities), c.Entities); err != nil {
		return r, fmt.Errorf("encode entities: %w", err)
	}
	if r.evidence, err = jsonArg(len(c.Evidence), c.Evidence); err != nil {
		return r, fmt.Errorf("encode evidence: %w", err)
	}
	return r, nil
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

func eqNull(a any, b sql.NullString) bool {
	s, ok := a.(string)
	return ok == b.Valid && s == b.String
}

// storedClass is the stored form of a classification, as read back.
type storedClass struct {
	onTopic                            bool
	labels, scores, entities, evidence sql.NullString
	ruleset                            string
}

// decode turns the stored form back into a Classification.
func (s storedClass) decode() (govwire.Classification, error) {
	c := govwire.Classification{OnTopic: s.onTopic, Ruleset: s.ruleset}
	for _, f := range []struct {
		name string
		src  sql.NullString
		dst  any
	}{
		{"labels", s.labels, &c.Labels},
		{"scores", s.scores, &c.Scores},
		{"entities", s.entities, &c.Entities},
		{"evidence", s.evidence, &c.Evidence},
	} {
		if !f.src.Valid {
			continue
		}
		if err := json.Unmarshal([]byte(f.src.String), f.dst); err != nil {
			return c, fmt.Errorf("decode %s: %w", f.name, err)
		}
	}
	return c, nil
}

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

// scanner is *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// scanArticle reads one row of articleCols.
func scanArticle(s scanner) (*govwire.Article, error) {
	var (
		a                           govwire.Article
		final                       sql.NullString
		published, fetched, updated sql.NullInt64
		fp                          []byte
		sc                          storedClass
		prov                        sql.NullString
		rv                          storedReview
	)
	err := s.Scan(&a.ID, &a.URL, &a.CanonicalURL, &final, &a.Source, &a.Feed, &a.Title, &a.Text, &a.Author,
		&published, &fetched, &updated, &a.ContentHash, &fp, &a.ClusterID, &a.Extractor, &a.Seq,
		&sc.onTopic, &sc.labels, &sc.scores, &sc.entities, &sc.evidence, &sc.ruleset, &a.Via, &prov,
		&rv.id, &rv.onTopic, &rv.labels, &rv.note, &rv.reviewer, &rv.at, &rv.ruleset)
	if err != nil {
		return nil, err
	}
	if rv.id.Valid {
		r, err := rv.decode(a.ID)
		if err != nil {
			return nil, fmt.Errorf("article %s: %w", a.ID, err)
		}
		a.Review = &r
	}
	if a.Provenance, err = decodeProvenance(prov); err != nil {
		return nil, fmt.Errorf("article %s: %w", a.ID, err)
	}
	a.FinalURL = final.String
	a.Published, a.Fetched, a.Updated = fromNano(published), fromNano(fetched), fromNano(updated)
	if len(fp) > 0 {
		if err := a.Fingerprint.UnmarshalBinary(fp); err != nil {
			return nil, fmt.Errorf("article %s: %w", a.ID, err)
		}
	}
	if a.Classification, err = sc.decode(); err != nil {
		return nil, fmt.Errorf("article %s: %w", a.ID, err)
	}
	return &a, nil
}

// fingerprintArg encodes f for the fingerprint column; nil when empty.
func fingerprintArg(f govwire.Fingerprint) any {
	if len(f) == 0 {
		return nil
	}
	b, _ := f.MarshalBinary() // never fails
	return b
}

// notFound reports whether err means no row.
func notFound(err error) bool { return errors.Is(err, sql.ErrNoRows) }
