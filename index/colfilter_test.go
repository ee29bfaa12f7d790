package index

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index/corpus"
)

// TestColumnFiltersSameAsBleve runs filtered searches with the filters the
// tables answer checked in the match handler (fastPage) and with every
// filter in Bleve's request, on an index of several segments whose replaced
// documents changed labels, sources and on_topic: the same total, the same
// hits with the same scores, the same cursor.
func TestColumnFiltersSameAsBleve(t *testing.T) {
	ix := memIndex(t, nil)
	arts := genArticles(900)
	for _, a := range arts[300:310] { // no date at all
		a.Published, a.Fetched = time.Time{}, time.Time{}
	}
	indexInBatches(t, ix, arts, 150)
	for i, a := range arts[:150] { // replaced: other labels, sources, on_topic
		c := *a
		c.Labels = []string{govwire.Labels[i%len(govwire.Labels)]}
		c.OnTopic = i%3 != 0
		c.Source = fmt.Sprintf("moved-%d", i%2)
		arts[i] = &c
	}
	indexInBatches(t, ix, arts[:150], 150)
	v := corpus.New(corpus.Options{Seed: 1}).Vocabulary()
	off := false
	var qs []govwire.SearchQuery
	for _, q := range []string{"", "cloud", "protest award", `"task order"`, "title:contract"} {
		qs = append(qs,
			govwire.SearchQuery{Q: q}, govwire.SearchQuery{Q: q, OnTopic: &off},
			govwire.SearchQuery{Q: q, Labels: []string{govwire.LabelProtest}},
			govwire.SearchQuery{Q: q, Labels: []string{govwire.LabelAward, govwire.LabelBid}, OnTopic: &off},
			govwire.SearchQuery{Q: q, Vendors: v.Vendors[:2]}, govwire.SearchQuery{Q: q, Agencies: v.Agencies[:1]},
			govwire.SearchQuery{Q: q, Sources: []string{"moved-1", v.Sources[0]}},
			govwire.SearchQuery{Q: q, Sources: []string{" moved-0 ", ""}, Labels: []string{govwire.LabelProtest}},
			govwire.SearchQuery{Q: q, Programmes: []string{"JWCC"}, Labels: []string{govwire.LabelAward}},
			govwire.SearchQuery{Q: q, Since: day("2025-06-01"), Until: day("2026-01-01"), Vendors: v.Vendors[:3]},
			govwire.SearchQuery{Q: q, Sources: []string{"nosuchsource"}},
			govwire.SearchQuery{Q: q, Since: day("2025-09-01")}, govwire.SearchQuery{Q: q, Until: day("2025-09-01"), OnTopic: &off},
			govwire.SearchQuery{Q: q, Since: arts[7].Published, Until: arts[9].Published.Add(time.Nanosecond)},
		)
	}
	checked := 0
	for _, sq := range qs {
		for _, sortBy := range []string{SortRelevance, SortDate} {
			for _, page := range []int{1, 3} {
				sq.Sort, sq.Page, sq.Size = sortBy, page, 10
				p, fast, full := bothPages(t, ix, sq)
				if p.cols == nil && (sq.OnTopic == nil || len(sq.Labels) > 0) {
					t.Fatalf("%+v: no column filters", sq)
				}
				a, nextA := p.pick(fast)
				b, nextB := p.pick(full)
				var sa, sb []float64
				for i := range a {
					sa = append(sa, a[i].Score)
				}
				for i := range b {
					sb = append(sb, b[i].Score)
				}
				if fast.Total != full.Total || !slices.Equal(hitIDs(a), hitIDs(b)) || !slices.Equal(sa, sb) || nextA != nextB {
					t.Fatalf("%+v: columns %d %v %v %q, Bleve %d %v %v %q", sq, fast.Total, hitIDs(a), sa, nextA, full.Total, hitIDs(b), sb, nextB)
				}
				checked += len(a)
			}
		}
	}
	if checked < 300 {
		t.Errorf("only %d hits compared", checked)
	}
}

// indexInBatches indexes arts into ix in batches of n: one segment each,
// until merges.
func indexInBatches(t *testing.T, ix *Index, arts []*govwire.Article, n int) {
	t.Helper()
	for i := 0; i < len(arts); i += n {
		if err := ix.Index(context.Background(), arts[i:min(i+n, len(arts))]); err != nil {
			t.Fatal(err)
		}
	}
}
