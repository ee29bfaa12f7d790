package index

import (
	"cmp"
	"container/heap"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// The page's matches are chosen by pageTop, a match handler of the page's
// one request (installed with the facet counter), instead of Bleve's top-N
// collector: the total order of a page is the sort key (score, or the
// published date from the date column), then the document id, and Bleve
// can only break ties by id by reading the stored id of every match. pageTop
// keeps the from+size best matches by key plus every match tied with the
// worst of them, so the page in total order is among what it kept; it reads
// the ids of those only (about a page's worth, more when many matches tie
// at the page's edge) and sorts them by key and id. A cursor (search-after)
// is applied the same way: matches ranked at or before it are dropped, and
// an id is read only for a match whose key equals the cursor's.

// pageTop collects the candidates of one page.
type pageTop struct {
	k      int  // from+size: the rank the page ends at
	byDate bool // key: the date key in Sort[0]; otherwise the score
	after  *search.DocumentMatch
	reader bleveindex.IndexReader
	pool   *search.DocumentMatchPool

	worst topHeap                 // the k best so far, worst on top
	ties  []*search.DocumentMatch // outside worst, with worst's top key
	hits  []*search.DocumentMatch // after the flush: kept matches in total order
}

// newPageTop returns a pageTop for the first k matches in p's order,
// after the cursor c (nil: from the start). ok is false when the cursor's
// key cannot be read back into a sort key (Bleve's request then runs).
func newPageTop(p *plan, k int, c *cursor) (t *pageTop, ok bool) {
	t = &pageTop{k: k, byDate: p.sortBy == SortDate}
	t.worst.byDate = t.byDate
	if c == nil {
		return t, true
	}
	a := &search.DocumentMatch{ID: c.Keys[1]}
	if t.byDate {
		tm, err := time.Parse(time.RFC3339Nano, c.Keys[0])
		if err != nil {
			return nil, false
		}
		a.Sort = []string{string(numeric.MustNewPrefixCodedInt64(tm.UnixNano(), 0))}
	} else {
		f, err := strconv.ParseFloat(c.Keys[0], 64)
		if err != nil {
			return nil, false
		}
		a.Score = f
	}
	t.after = a
	return t, true
}

// start binds t to the search context of its request.
func (t *pageTop) start(sc *search.SearchContext) {
	t.reader, t.pool = sc.IndexReader, sc.DocumentMatchPool
}

// keyCmp compares the sort keys of a and b: > 0 when a ranks first.
func keyCmp(byDate bool, a, b *search.DocumentMatch) int {
	if byDate {
		return strings.Compare(a.Sort[0], b.Sort[0])
	}
	return cmp.Compare(a.Score, b.Score)
}

// add takes one match; nil ends the request.
func (t *pageTop) add(d *search.DocumentMatch) error {
	if d == nil {
		return t.flush()
	}
	if t.after != nil {
		c := keyCmp(t.byDate, d, t.after)
		if c == 0 {
			if err := t.loadID(d); err != nil {
				return err
			}
			if d.ID <= t.after.ID {
				c = 1
			}
		}
		if c > 0 { // at or before the cursor
			t.pool.Put(d)
			return nil
		}
	}
	if t.worst.Len() < t.k {
		heap.Push(&t.worst, d)
		return nil
	}
	w := t.worst.docs[0]
	switch c := keyCmp(t.byDate, d, w); {
	case c < 0:
		t.pool.Put(d)
	case c == 0:
		t.ties = append(t.ties, d)
	default:
		t.worst.docs[0] = d
		heap.Fix(&t.worst, 0)
		if keyCmp(t.byDate, w, t.worst.docs[0]) == 0 {
			t.ties = append(t.ties, w)
			return nil
		}
		// The worst key rose: w and its ties can no longer reach the page.
		for _, x := range t.ties {
			t.pool.Put(x)
		}
		t.ties = t.ties[:0]
		t.pool.Put(w)
	}
	return nil
}

func (t *pageTop) loadID(d *search.DocumentMatch) error {
	if d.ID != "" {
		return nil
	}
	id, err := t.reader.ExternalID(d.IndexInternalID)
	if err != nil {
		return fmt.Errorf("page: id of a match: %w", err)
	}
	d.ID = id
	return nil
}

// flush reads the ids of the kept matches and sorts them in total order.
func (t *pageTop) flush() error {
	t.hits = append(t.worst.docs, t.ties...)
	for _, d := range t.hits {
		if err := t.loadID(d); err != nil {
			return err
		}
	}
	slices.SortFunc(t.hits, func(a, b *search.DocumentMatch) int {
		if c := keyCmp(t.byDate, a, b); c != 0 {
			return -c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return nil
}

// page returns the kept matches from rank from on, at most size of them.
func (t *pageTop) page(from, size int) []*search.DocumentMatch {
	if from >= len(t.hits) {
		return nil
	}
	return t.hits[from:min(from+size, len(t.hits))]
}

// topHeap is a min-heap of matches by key: the worst kept match on top.
type topHeap struct {
	docs   []*search.DocumentMatch
	byDate bool
}

func (h *topHeap) Len() int           { return len(h.docs) }
func (h *topHeap) Less(i, j int) bool { return keyCmp(h.byDate, h.docs[i], h.docs[j]) < 0 }
func (h *topHeap) Swap(i, j int)      { h.docs[i], h.docs[j] = h.docs[j], h.docs[i] }
func (h *topHeap) Push(x any)         { h.docs = append(h.docs, x.(*search.DocumentMatch)) }
func (h *topHeap) Pop() any {
	d := h.docs[len(h.docs)-1]
	h.docs = h.docs[:len(h.docs)-1]
	return d
}
