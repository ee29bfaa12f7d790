package index

import (
	"time"

	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search"
)

// Sorting by date reads each match's published date from a column of the
// segment's facet table (facetcount.go) instead of Bleve's doc values: for
// every match of a date-sorted search Bleve's SortField visits all the
// prefix-coded terms of the date, keeps the one of shift 0 as a new string
// and formats it as RFC 3339 text, which was ~12% of a new query's CPU.
// The column holds exactly that shift-0 term for each document, so the
// order, the sort keys and the cursors are the same.

// dateKeyLen is the length of the shift-0 prefix-coded int64 that Bleve
// indexes a date as (a shift byte and ten 7-bit bytes).
const dateKeyLen = 11

// dateColumn holds the shift-0 published term of every document of one
// segment, each dateKeyLen bytes at dateKeyLen*doc; a document without a
// date has zero bytes there (no valid term starts with zero).
type dateColumn struct {
	keys string // substrings of one string: reading a key allocates nothing
}

// key returns the sort key of document d: its date term, or Bleve's low
// term when it has none (what SortField gives a missing date sorted last
// in descending order).
func (c dateColumn) key(d uint64) string {
	if uint64(len(c.keys)) < (d+1)*dateKeyLen || c.keys[d*dateKeyLen] == 0 {
		return search.LowTerm
	}
	return c.keys[d*dateKeyLen : (d+1)*dateKeyLen]
}

// dateBuilder fills a dateColumn while buildSegFacets visits doc values.
type dateBuilder struct {
	buf []byte
	cur uint64
	set bool
}

func newDateBuilder(n uint64) *dateBuilder {
	return &dateBuilder{buf: make([]byte, n*dateKeyLen)}
}

// start begins document d.
func (b *dateBuilder) start(d uint64) { b.cur, b.set = d, false }

// visit takes the document's first valid shift-0 term, as SortField does.
func (b *dateBuilder) visit(term []byte) {
	if b.set {
		return
	}
	if ok, shift := numeric.ValidPrefixCodedTermBytes(term); ok && shift == 0 && len(term) == dateKeyLen {
		copy(b.buf[b.cur*dateKeyLen:], term)
		b.set = true
	}
}

func (b *dateBuilder) column() dateColumn { return dateColumn{keys: string(b.buf)} }

// dateSort is a search.SearchSort by published date, newest first, read
// from the date columns through the facet counter of the same request
// (whose match handler maps the snapshot's segments before the first match
// is sorted). It asks Bleve for no doc values. Its values are the keys of
// Bleve's own SortField on published, so pages and cursors are unchanged;
// DecodeValue returns them as they are (decodeDateKey decodes the ones a
// page needs).
type dateSort struct {
	c    *facetCounter
	desc bool
}

// newDateSort returns the date order of the request whose matches c sees.
func newDateSort(c *facetCounter) *dateSort { return &dateSort{c: c, desc: true} }

// UpdateVisitor is never called: dateSort requires no fields.
func (s *dateSort) UpdateVisitor(string, []byte) {}

// Value returns the date key of a match.
func (s *dateSort) Value(d *search.DocumentMatch) string {
	t, local := s.c.seek(d.IndexInternalID.Value())
	return t.dates.key(local)
}

// DecodeValue returns value undecoded: see decodeDateKey.
func (s *dateSort) DecodeValue(value string) string { return value }

// Descending reports the order.
func (s *dateSort) Descending() bool { return s.desc }

// RequiresDocID is false: ids are not part of this order.
func (s *dateSort) RequiresDocID() bool { return false }

// RequiresScoring is false.
func (s *dateSort) RequiresScoring() bool { return false }

// RequiresFields is empty: the column replaces doc values.
func (s *dateSort) RequiresFields() []string { return nil }

// Reverse flips the order.
func (s *dateSort) Reverse() { s.desc = !s.desc }

// Copy returns a copy reading the same columns.
func (s *dateSort) Copy() search.SearchSort { c := *s; return &c }

// decodeDateKey returns the RFC 3339 text of a date key, as Bleve's
// SortField decodes it, or the key itself when it is not a date term.
func decodeDateKey(key string) string {
	i, err := numeric.PrefixCoded(key).Int64()
	if err != nil {
		return key
	}
	return time.Unix(0, i).UTC().Format(time.RFC3339Nano)
}
