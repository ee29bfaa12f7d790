package index

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/govwire/govwire"
)

// Facets are counted in the same pass over the matches that finds the page,
// from per-segment tables of facet ordinals: for every document of a
// segment, the numbers of its labels, vendors, agencies, source, month and via
// in the segment's own list of values. Bleve's term facets instead decode
// the doc values of every match for every search (a snappy chunk, a map
// update per value): that was most of a search's CPU. A segment never
// changes once written, so its table is built once, from its doc values,
// the first time a search meets it, and dropped when merges retire it.
//
// Counting a match is then a handful of array increments, so every count
// is exact.

// facetFields are the indexed fields of facetSizes, in its order.
var facetFields = func() []string {
	out := make([]string, len(facetSizes))
	for i, f := range facetSizes {
		out[i] = f.field
	}
	return out
}()

// tableFields are the fields whose doc values the tables hold.
var tableFields = append(slices.Clone(facetFields), fieldPublished)

// segFacets is the facet table of one segment, with its date column.
type segFacets struct {
	once   sync.Once
	err    error
	fields []ordList // one per facetFields entry
	dates  dateColumn
	// onTopic has a bit set for each document on topic (colfilter.go).
	onTopic []uint64
}

// ordList holds, for each document d of a segment, the ordinals
// ords[off[d]:off[d+1]] of its values in values.
type ordList struct {
	off    []uint32
	ords   []uint32
	values []string
}

// facetTables caches the tables of the segments searches meet, keyed by the
// segment itself (segments are immutable; a merged or persisted segment is
// a new one).
type facetTables struct {
	mu   sync.Mutex
	segs map[segment.Segment]*segFacets
}

func newFacetTables() *facetTables {
	return &facetTables{segs: map[segment.Segment]*segFacets{}}
}

// tables returns the tables of the segments of snap, in order, building the
// missing ones, and forgets the tables of segments no longer in snap when
// they outnumber the live ones.
func (ft *facetTables) tables(snap *scorch.IndexSnapshot) ([]*segFacets, error) {
	segs := snap.Segments()
	out := make([]*segFacets, len(segs))
	ft.mu.Lock()
	for i, ss := range segs {
		s := ss.Segment()
		t := ft.segs[s]
		if t == nil {
			t = &segFacets{}
			ft.segs[s] = t
		}
		out[i] = t
	}
	if len(ft.segs) > 2*len(segs)+8 {
		live := make(map[segment.Segment]bool, len(segs))
		for _, ss := range segs {
			live[ss.Segment()] = true
		}
		for s := range ft.segs {
			if !live[s] {
				delete(ft.segs, s)
			}
		}
	}
	ft.mu.Unlock()
	for i, ss := range segs {
		t := out[i]
		t.once.Do(func() {
			t.fields, t.dates, t.err = buildSegFacets(ss.Segment())
			if t.err == nil {
				t.onTopic, t.err = onTopicBits(ss.Segment())
			}
		})
		if t.err != nil {
			return nil, t.err
		}
	}
	return out, nil
}

// buildSegFacets reads the facet fields' and published's doc values of
// every document of s.
func buildSegFacets(s segment.Segment) ([]ordList, dateColumn, error) {
	n := s.Count()
	fields := make([]ordList, len(facetFields))
	if n == 0 { // nothing to count (an empty segment need not have doc values)
		for i := range fields {
			fields[i].off = []uint32{0}
		}
		return fields, dateColumn{}, nil
	}
	dv, ok := s.(segment.DocValueVisitable)
	if !ok {
		return nil, dateColumn{}, fmt.Errorf("facet table: segment %T has no doc values", s)
	}
	dates := newDateBuilder(n)
	dicts := make([]map[string]uint32, len(facetFields))
	fieldNo := make(map[string]int, len(facetFields))
	for i, f := range facetFields {
		fields[i].off = make([]uint32, 1, n+1)
		dicts[i] = map[string]uint32{}
		fieldNo[f] = i
	}
	pending := make([][]uint32, len(facetFields)) // the current document's ordinals
	visit := func(field string, term []byte) {
		i, ok := fieldNo[field]
		if !ok {
			if field == fieldPublished {
				dates.visit(term)
			}
			return
		}
		o, ok := dicts[i][string(term)]
		if !ok {
			o = uint32(len(fields[i].values))
			dicts[i][string(term)] = o
			fields[i].values = append(fields[i].values, string(term))
		}
		pending[i] = append(pending[i], o)
	}
	var state segment.DocVisitState
	for d := range n {
		var err error
		dates.start(d)
		if state, err = dv.VisitDocValues(d, tableFields, visit, state); err != nil {
			return nil, dateColumn{}, fmt.Errorf("facet table: doc values of %d: %w", d, err)
		}
		for i := range fields {
			fields[i].ords = append(fields[i].ords, pending[i]...)
			fields[i].off = append(fields[i].off, uint32(len(fields[i].ords)))
			pending[i] = pending[i][:0]
		}
	}
	return fields, dates.column(), nil
}

// facetCounter counts the facet values of the matches of one search, in
// the snapshot the search runs on.
type facetCounter struct {
	ft      *facetTables
	tables  []*segFacets
	offsets []uint64  // global number of each segment's first document
	counts  [][][]int // [segment][field][ordinal]
	cur     int       // segment of the last match (matches come in order)
	matches uint64
	// locateOnly: count nothing, only map documents to their segment's
	// table for dateSort (a page whose facets are cached).
	locateOnly bool
	// top, when set, chooses the page's matches instead of Bleve's top-N.
	top *pageTop
	// filter, when set (with top), drops the matches the tables reject
	// before they are counted; want holds it resolved per segment.
	filter *colFilter
	want   []colWant
}

// newFacetCounter returns a counter for one request of ix.
func (ix *Index) newFacetCounter() *facetCounter { return &facetCounter{ft: ix.facetT} }

// newLocator returns a counter for one request of ix that counts nothing:
// it only serves the date column to dateSort.
func (ix *Index) newLocator() *facetCounter {
	return &facetCounter{ft: ix.facetT, locateOnly: true}
}

// handlerMaker is Bleve's hook for a custom match handler: it counts every
// match and passes it on to the usual top-N handler.
func (c *facetCounter) handlerMaker(sc *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
	snap, ok := sc.IndexReader.(*scorch.IndexSnapshot)
	if !ok {
		return nil, false, fmt.Errorf("facet count: unexpected index reader %T", sc.IndexReader)
	}
	tables, err := c.ft.tables(snap)
	if err != nil {
		return nil, false, err
	}
	c.tables, c.cur, c.matches = tables, 0, 0
	c.offsets = make([]uint64, len(tables))
	c.counts = make([][][]int, len(tables))
	var running uint64
	for i, ss := range snap.Segments() {
		c.offsets[i] = running
		running += ss.Segment().Count()
	}
	if c.top != nil { // the page's own top-N (topn.go) replaces Bleve's
		c.top.start(sc)
		c.want = make([]colWant, len(tables))
		return func(d *search.DocumentMatch) error {
			if d != nil {
				num := d.IndexInternalID.Value()
				if c.filter != nil && !c.passes(num) {
					sc.DocumentMatchPool.Put(d)
					return nil
				}
				c.add(num)
			}
			return c.top.add(d)
		}, false, nil
	}
	next, loadID, err := collector.MakeTopNDocumentMatchHandler(sc)
	if err != nil || next == nil {
		return nil, false, fmt.Errorf("facet count: no top-N handler: %v", err)
	}
	return func(d *search.DocumentMatch) error {
		if d != nil {
			c.add(d.IndexInternalID.Value())
		}
		return next(d)
	}, loadID, nil
}

// seek moves c.cur to the segment of the document with global number num
// and returns that segment's table and the document's number in it.
func (c *facetCounter) seek(num uint64) (*segFacets, uint64) {
	if num < c.offsets[c.cur] {
		c.cur = 0
	}
	for c.cur+1 < len(c.offsets) && num >= c.offsets[c.cur+1] {
		c.cur++
	}
	return c.tables[c.cur], num - c.offsets[c.cur]
}

// passes reports whether the document with global number num passes
// c.filter.
func (c *facetCounter) passes(num uint64) bool {
	t, local := c.seek(num)
	w := c.want[c.cur]
	if w == nil {
		w = c.filter.resolve(t)
		c.want[c.cur] = w
	}
	return c.filter.pass(t, w, local)
}

// add counts the values of the document with global number num (unless
// c only locates documents for the date column).
func (c *facetCounter) add(num uint64) {
	c.matches++
	if c.locateOnly {
		return
	}
	t, local := c.seek(num)
	cs := c.counts[c.cur]
	if cs == nil {
		cs = make([][]int, len(t.fields))
		for i := range t.fields {
			cs[i] = make([]int, len(t.fields[i].values))
		}
		c.counts[c.cur] = cs
	}
	for i := range t.fields {
		l := &t.fields[i]
		for _, o := range l.ords[l.off[local]:l.off[local+1]] {
			cs[i][o]++
		}
	}
}

// facetList returns the list of fc that the facet name fills (nil for a
// name it does not know, which TestFacetTablesMatchBleve would catch).
func facetList(fc *govwire.Facets, name string) *[]govwire.FacetCount {
	switch name {
	case "labels":
		return &fc.Labels
	case "vendors":
		return &fc.Vendors
	case "agencies":
		return &fc.Agencies
	case "sources":
		return &fc.Sources
	case "months":
		return &fc.Months
	case "via":
		return &fc.Via
	}
	return nil
}

// context returns ctx carrying c's match handler, for the one request
// whose matches c counts.
func (c *facetCounter) context(ctx context.Context) context.Context {
	return context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, search.MakeDocumentMatchHandler(c.handlerMaker))
}

// facets returns the counts, exact, ordered as Bleve orders term facets
// (count descending, then value) and cut to each facet's size; months are
// listed newest first.
func (c *facetCounter) facets() govwire.Facets {
	lists := make([][]govwire.FacetCount, len(facetSizes))
	for i, f := range facetSizes {
		sum := map[string]int{}
		for s, cs := range c.counts {
			if cs == nil {
				continue
			}
			for o, n := range cs[i] {
				if n > 0 {
					sum[c.tables[s].fields[i].values[o]] += n
				}
			}
		}
		l := make([]govwire.FacetCount, 0, len(sum))
		for v, n := range sum {
			l = append(l, govwire.FacetCount{Value: v, Count: n, Exact: true})
		}
		sort.Slice(l, func(a, b int) bool {
			if l[a].Count != l[b].Count {
				return l[a].Count > l[b].Count
			}
			return l[a].Value < l[b].Value
		})
		lists[i] = l[:min(len(l), f.size)]
	}
	fc := govwire.Facets{}
	for i, f := range facetSizes {
		if l := facetList(&fc, f.name); l != nil {
			*l = lists[i]
		}
	}
	slices.SortStableFunc(fc.Months, func(a, b govwire.FacetCount) int {
		switch {
		case a.Value > b.Value:
			return -1
		case a.Value < b.Value:
			return 1
		}
		return 0
	})
	return fc
}
