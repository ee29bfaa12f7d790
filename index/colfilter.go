package index

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/govwire/govwire"
)

// The filters that facet tables can answer - on_topic, any of some labels,
// vendors, agencies or sources, and the published range (the date column)
// - are checked in the page request's
// match handler from the segment's tables instead of by Bleve: a filter in
// a Bleve query advances a conjunction of term searchers to every match of
// the user's query (on_topic is in nearly every search), which was ~12% of
// a new query's CPU. The page request then runs the user's query with the
// remaining filters (programmes; dates beyond int64 nanoseconds) only, and the handler drops the
// matches the columns reject before counting, sorting or totalling them.
// Bleve's own requests (collapse, SearchIDs, timelines) keep every filter.

// colFilter is the part of a search's filters the tables answer.
type colFilter struct {
	onTopic bool
	fields  []colField
	// dates: published in [since, until), as date keys (datesort.go); an
	// empty bound is open. A document without a date never passes.
	dates        bool
	since, until string
}

// colField asks for a document with any of values in facetFields[field].
type colField struct {
	field  int
	values []string
}

// splitFilters returns the filters of sq (already validated by filters)
// that the tables answer, or nil, and the others as Bleve queries.
func splitFilters(sq govwire.SearchQuery) (*colFilter, []query.Query) {
	cf := &colFilter{onTopic: sq.OnTopic == nil || *sq.OnTopic}
	var rest []query.Query
	for _, f := range []struct {
		field  string
		values []string
	}{
		{fieldLabels, sq.Labels}, {fieldVendors, sq.Vendors}, {fieldAgencies, sq.Agencies}, {fieldSource, sq.Sources},
	} {
		var vs []string
		for _, v := range f.values {
			if v = strings.TrimSpace(v); v != "" {
				vs = append(vs, v)
			}
		}
		if len(vs) > 0 {
			cf.fields = append(cf.fields, colField{field: slices.Index(facetFields, f.field), values: vs})
		}
	}
	if q := anyTerm(fieldProgrammes, sq.Programmes); q != nil {
		rest = append(rest, q)
	}
	switch {
	case sq.Since.IsZero() && sq.Until.IsZero():
	case nanoDate(sq.Since) && nanoDate(sq.Until):
		cf.dates = true
		cf.since, cf.until = dateKey(sq.Since), dateKey(sq.Until)
	default: // Bleve refuses dates beyond int64 nanoseconds: let it say so
		rest = append(rest, dateFilter(sq))
	}
	if !cf.onTopic && len(cf.fields) == 0 && !cf.dates {
		cf = nil
	}
	return cf, rest
}

// fastQuery returns the page request's query: the user's query with the
// filters that are left to Bleve. Without any, it keeps the shape Bleve gives
// a query with a filter (a boolean searcher around the user's query, here
// with a must-not that matches nothing), so that scores are computed by
// the same code as in the request with every filter.
func fastQuery(userQ query.Query, rest []query.Query) query.Query {
	bq := query.NewBooleanQuery([]query.Query{userQ}, nil, nil)
	if len(rest) > 0 {
		bq.AddFilter(query.NewConjunctionQuery(rest))
		return bq
	}
	bq.AddMustNot(query.NewMatchNoneQuery())
	return bq
}

// nanoDate reports whether t is zero (an open bound) or well inside the
// range of int64 nanoseconds since 1970, which a date range needs.
func nanoDate(t time.Time) bool {
	return t.IsZero() || (t.Year() > 1678 && t.Year() < 2262)
}

// dateKey is the date key of t as Bleve indexes it, or "" when t is zero.
func dateKey(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return string(numeric.MustNewPrefixCodedInt64(t.UnixNano(), 0))
}

// onTopicBits reads which documents of s are on topic (the postings of
// on_topic:T), one bit per document.
func onTopicBits(s segment.Segment) ([]uint64, error) {
	n := s.Count()
	if n == 0 {
		return nil, nil
	}
	bits := make([]uint64, (n+63)/64)
	d, err := s.Dictionary(fieldOnTopic)
	if err != nil {
		return nil, fmt.Errorf("facet table: on_topic terms: %w", err)
	}
	pl, err := d.PostingsList([]byte("T"), nil, nil)
	if err != nil {
		return nil, fmt.Errorf("facet table: on_topic postings: %w", err)
	}
	if pl == nil {
		return bits, nil
	}
	it := pl.Iterator(false, false, false, nil)
	for {
		p, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("facet table: on_topic posting: %w", err)
		}
		if p == nil {
			return bits, nil
		}
		if k := p.Number(); k < n {
			bits[k/64] |= 1 << (k % 64)
		}
	}
}

// colWant is a colFilter resolved for one segment: per field, which of the
// segment's value ordinals are wanted.
type colWant [][]bool

// resolve returns f for table t.
func (f *colFilter) resolve(t *segFacets) colWant {
	w := make(colWant, len(f.fields))
	for i, cf := range f.fields {
		vals := t.fields[cf.field].values
		w[i] = make([]bool, len(vals))
		for o, v := range vals {
			w[i][o] = slices.Contains(cf.values, v)
		}
	}
	return w
}

// pass reports whether document local of table t passes f (resolved as w).
func (f *colFilter) pass(t *segFacets, w colWant, local uint64) bool {
	if f.onTopic && (local/64 >= uint64(len(t.onTopic)) || t.onTopic[local/64]&(1<<(local%64)) == 0) {
		return false
	}
	if f.dates {
		k := t.dates.key(local)
		if k == search.LowTerm || (f.since != "" && k < f.since) || (f.until != "" && k >= f.until) {
			return false
		}
	}
	for i, cf := range f.fields {
		l := &t.fields[cf.field]
		ok := false
		for _, o := range l.ords[l.off[local]:l.off[local+1]] {
			if w[i][o] {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}
