package reviewqueue

import (
	"cmp"
	"container/heap"
	"slices"
	"time"
)

// Set holds one Entry per article and ranks the unreviewed ones. It is not
// safe for concurrent use; Queue guards it.
type Set struct {
	entries  map[string]*Entry
	list     []*Entry            // every entry, for ranking without walking the map
	clusters map[string][]*Entry // cluster id -> members, for clusters that had two or more
}

// NewSet returns an empty set.
func NewSet() *Set {
	return &Set{entries: map[string]*Entry{}, clusters: map[string][]*Entry{}}
}

// Len is the number of entries.
func (s *Set) Len() int { return len(s.entries) }

// Put adds e, replacing the entry of the same id.
func (s *Set) Put(e Entry) {
	if old, ok := s.entries[e.ID]; ok { // the lists point at old: update it in place
		moved := old.ClusterID != e.ClusterID
		if moved {
			s.leave(old)
		}
		*old = e
		if moved {
			s.join(old)
		}
		return
	}
	p := &e
	s.entries[e.ID] = p
	s.list = append(s.list, p)
	s.join(p)
}

// join adds p to its cluster's member list.
func (s *Set) join(p *Entry) {
	if p.ClusterID == p.ID {
		if _, ok := s.clusters[p.ClusterID]; !ok {
			return // alone so far: copies that join it add it
		}
	}
	members := s.clusters[p.ClusterID]
	if len(members) == 0 {
		if head, ok := s.entries[p.ClusterID]; ok && head != p {
			members = append(members, head)
		}
	}
	s.clusters[p.ClusterID] = append(members, p)
}

// leave removes p from its cluster's member list.
func (s *Set) leave(p *Entry) {
	members := slices.DeleteFunc(s.clusters[p.ClusterID], func(m *Entry) bool { return m == p })
	if len(members) == 0 {
		delete(s.clusters, p.ClusterID)
		return
	}
	s.clusters[p.ClusterID] = members
}

// Filter selects entries to rank. Zero fields select all.
type Filter struct {
	Sources      []string
	Since, Until time.Time // Dated in [Since, Until)
	Labels       []string  // the entry carries one of them, or a reason names one
	IDs          map[string]bool
	UseIDs       bool // only entries in IDs (a text or entity search's hits)
	labelIDs     []uint32
}

// Item is one ranked article.
type Item struct {
	ID       string
	Priority float64
	Reasons  []Reason // heaviest first, with Detail
	Rules    Mask
}

// Page is one page of the queue.
type Page struct {
	Total   int // unreviewed entries that match the filter: what is left
	Flagged int // of those, how many have at least one reason
	Items   []Item
}

// Rank returns the unreviewed entries matching f, heaviest first (newest
// first among equals, then by id), from offset, at most size of them. It
// walks every entry once and keeps only the best offset+size in a heap.
func (s *Set) Rank(f Filter, th Thresholds, offset, size int) Page {
	var page Page
	f.labelIDs = make([]uint32, len(f.Labels))
	for i, l := range f.Labels {
		f.labelIDs[i] = names.id(l)
	}
	top := &candHeap{}
	k := offset + size
	for _, e := range s.list {
		if e.Reviewed || !f.match(e) {
			continue
		}
		c := cand{e: e, weight: e.weight, cluster: s.clusterReasons(e)}
		if !f.labelMatch(e, c.cluster) {
			continue
		}
		for _, r := range c.cluster {
			c.weight += r.Weight
		}
		page.Total++
		if c.weight > 0 {
			page.Flagged++
		}
		switch {
		case k <= 0:
		case len(*top) < k:
			heap.Push(top, c)
		case c.before((*top)[0]):
			(*top)[0] = c
			heap.Fix(top, 0)
		}
	}
	best := slices.SortedFunc(slices.Values(*top), func(a, b cand) int {
		if a.before(b) {
			return -1
		}
		return 1
	})
	if offset >= len(best) {
		return page
	}
	best = best[offset:]
	page.Items = make([]Item, len(best))
	for i, c := range best {
		rs := append(slices.Clone(c.cluster), c.e.Reasons()...)
		if rs == nil {
			rs = []Reason{} // an empty list, never null, for JSON clients
		}
		slices.SortStableFunc(rs, func(a, b Reason) int { return cmp.Compare(b.Weight, a.Weight) })
		for j := range rs {
			rs[j] = Describe(rs[j], th)
		}
		page.Items[i] = Item{ID: c.e.ID, Priority: round(c.weight), Reasons: rs, Rules: c.e.Rules}
	}
	return page
}

// cand is an entry being ranked, with its cluster reasons.
type cand struct {
	e       *Entry
	weight  float64
	cluster []Reason
}

// before reports whether c ranks before o: heavier, then newer, then by id.
func (c cand) before(o cand) bool {
	if c.weight != o.weight {
		return c.weight > o.weight
	}
	if c.e.Dated != o.e.Dated {
		return c.e.Dated > o.e.Dated
	}
	return c.e.ID < o.e.ID
}

// candHeap keeps the best candidates with the worst of them at the root.
type candHeap []cand

func (h candHeap) Len() int           { return len(h) }
func (h candHeap) Less(i, j int) bool { return h[j].before(h[i]) }
func (h candHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *candHeap) Push(x any)        { *h = append(*h, x.(cand)) }
func (h *candHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// clusterReasons says whether e's rules disagree with another copy of its
// story: with a reviewer's decision on a copy (the stronger reason), or
// with the rules' decision on one.
func (s *Set) clusterReasons(e *Entry) []Reason {
	members := s.clusters[e.ClusterID]
	if len(members) < 2 {
		return nil
	}
	var rules, reviewed Mask
	var ruleDiff, reviewDiff bool
	for _, m := range members {
		if m == e {
			continue
		}
		if m.Reviewed {
			if m.Review != e.Rules && !reviewDiff {
				reviewDiff, reviewed = true, m.Review
			}
			continue
		}
		if m.Rules != e.Rules && !ruleDiff {
			ruleDiff, rules = true, m.Rules
		}
	}
	var out []Reason
	if reviewDiff {
		out = append(out, Reason{Code: ReasonReviewedCopyDisagrees, Label: e.Rules.firstDifference(reviewed),
			Weight: weightReviewedCopyDisagrees})
	}
	if ruleDiff {
		out = append(out, Reason{Code: ReasonClusterDisagrees, Label: e.Rules.firstDifference(rules),
			Weight: weightClusterDisagrees})
	}
	return out
}

// match applies every condition of f but the labels.
func (f *Filter) match(e *Entry) bool {
	switch {
	case f.UseIDs && !f.IDs[e.ID]:
		return false
	case len(f.Sources) > 0 && !slices.Contains(f.Sources, e.Source):
		return false
	case !f.Since.IsZero() && e.Dated < f.Since.UnixNano():
		return false
	case !f.Until.IsZero() && e.Dated >= f.Until.UnixNano():
		return false
	}
	return true
}

// labelMatch reports whether e carries one of f's labels or one of its
// reasons names one.
func (f *Filter) labelMatch(e *Entry, cluster []Reason) bool {
	if len(f.Labels) == 0 {
		return true
	}
	for i, l := range f.Labels {
		if e.Rules.Has(l) {
			return true
		}
		for _, r := range cluster {
			if r.Label == l {
				return true
			}
		}
		id := f.labelIDs[i]
		for _, r := range e.reasons {
			if r.label == id || r.other == id {
				return true
			}
		}
	}
	return false
}
