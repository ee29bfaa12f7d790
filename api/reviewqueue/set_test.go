package reviewqueue

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

var day0 = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

// art builds an article: id, cluster, day offset, on-topic score and labels
// with a score of 3 each; two topic rules when on topic.
func art(id, cluster string, day int, topic float64, labels ...string) *govwire.Article {
	a := &govwire.Article{ID: id, ClusterID: cluster, Source: "src-" + id[:1], Published: day0.AddDate(0, 0, day)}
	a.Scores = map[string]float64{OnTopic: topic}
	a.OnTopic = topic >= 1
	a.Labels = labels
	if a.OnTopic {
		a.Evidence = []govwire.Evidence{ev(OnTopic, "t1", "title", 0, 1), ev(OnTopic, "t2", "title", 2, 3)}
	}
	for _, l := range labels {
		a.Scores[l] = 3
		a.Evidence = append(a.Evidence, ev(l, l+".r", "text", 100+10*len(l), 105+10*len(l)))
	}
	return a
}

func ids(p Page) []string {
	var out []string
	for _, it := range p.Items {
		out = append(out, it.ID)
	}
	return out
}

func TestRankOrderAndCount(t *testing.T) {
	s := NewSet()
	put := func(a *govwire.Article, reviewed bool, m Mask) { s.Put(NewEntry(a, reviewed, m, th)) }
	put(art("a-clear", "", 0, 3, "award"), false, 0) // nothing to learn
	nearAward := func(id string, day int) *govwire.Article {
		a := art(id, "", day, 3) // on topic without a label (1), award just under (1.5)
		a.Scores["award"] = 0.75
		return a
	}
	put(nearAward("b-near", 1), false, 0)
	put(nearAward("c-near-older", 0), false, 0)                                // same weight, older
	put(art("d-offlabel", "", 2, 0, "protest"), false, 0)                      // label_off_topic 3 (labels dropped below)
	put(art("e-done", "", 3, 1, "award"), true, MaskOf(true, []string{"bid"})) // reviewed: not in the queue
	put(art("f-weak", "", 4, 0.5), false, 0)                                   // the gate just under: 1
	// d: off topic, so the stored classification has no labels.
	d := art("d-offlabel", "", 2, 0)
	d.Scores["protest"] = 2
	put(d, false, 0)

	p := s.Rank(Filter{}, th, 0, 10)
	want := []string{"d-offlabel", "b-near", "c-near-older", "f-weak", "a-clear"}
	if got := ids(p); !slices.Equal(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
	if p.Total != 5 || p.Flagged != 4 {
		t.Errorf("total %d flagged %d, want 5 and 4", p.Total, p.Flagged)
	}
	if r := p.Items[0].Reasons; len(r) != 1 || r[0].Detail == "" || r[0].Code != ReasonLabelOffTopic {
		t.Errorf("first item's reasons %+v", r)
	}
	if last := p.Items[len(p.Items)-1]; last.ID != "a-clear" || last.Reasons == nil || len(last.Reasons) != 0 {
		t.Errorf("an item without reasons: %+v, want an empty, non-nil list", last)
	}
	if got := ids(s.Rank(Filter{}, th, 1, 2)); !slices.Equal(got, want[1:3]) {
		t.Errorf("offset 1 size 2: %q, want %q", got, want[1:3])
	}
	if p := s.Rank(Filter{}, th, 10, 5); len(p.Items) != 0 || p.Total != 5 {
		t.Errorf("past the end: %d items, total %d", len(p.Items), p.Total)
	}

	// Reviewing b takes it out of the queue and the count.
	put(art("b-near", "", 1, 1, "award"), true, MaskOf(true, []string{"award"}))
	if p := s.Rank(Filter{}, th, 0, 10); p.Total != 4 || slices.Contains(ids(p), "b-near") {
		t.Errorf("after review: total %d, items %q", p.Total, ids(p))
	}
}

func TestRankClusters(t *testing.T) {
	tests := []struct {
		name    string
		members []*govwire.Article
		review  map[string]Mask // reviewed members
		want    map[string][]string
	}{
		{"copies agree", []*govwire.Article{art("h1", "h1", 0, 3, "award"), art("h2", "h1", 0, 3, "award")},
			nil, map[string][]string{"h1": nil, "h2": nil}},
		{"copies disagree", []*govwire.Article{art("h1", "h1", 0, 3, "award"), art("h2", "h1", 0, 3, "protest")},
			nil, map[string][]string{"h1": {"cluster_disagrees:award"}, "h2": {"cluster_disagrees:award"}}},
		{"copy first, head later", []*govwire.Article{art("h2", "h1", 0, 3, "protest"), art("h1", "h1", 0, 3)},
			nil, map[string][]string{"h1": {"cluster_disagrees:protest", "on_topic_without_label:on_topic"},
				"h2": {"cluster_disagrees:protest"}}},
		{"a reviewer overruled a copy", []*govwire.Article{art("h1", "h1", 0, 3, "award"), art("h2", "h1", 0, 3, "award"),
			art("h3", "h1", 0, 3, "award")}, map[string]Mask{"h1": MaskOf(false, nil)},
			map[string][]string{"h2": {"reviewed_copy_disagrees:on_topic"}, "h3": {"reviewed_copy_disagrees:on_topic"}}},
		{"a reviewer agreed with the rules", []*govwire.Article{art("h1", "h1", 0, 3, "award"), art("h2", "h1", 0, 3, "award")},
			map[string]Mask{"h1": MaskOf(true, []string{"award"})}, map[string][]string{"h2": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewSet()
			for _, a := range tt.members {
				m, ok := tt.review[a.ID]
				s.Put(NewEntry(a, ok, m, th))
			}
			got := map[string][]string{}
			for _, it := range s.Rank(Filter{}, th, 0, 10).Items {
				got[it.ID] = codes(it.Reasons)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("reasons %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRankRecluster: an article that moves to another cluster leaves the
// old one.
func TestRankRecluster(t *testing.T) {
	s := NewSet()
	s.Put(NewEntry(art("h1", "h1", 0, 3, "award"), false, 0, th))
	s.Put(NewEntry(art("h2", "h1", 0, 3, "protest"), false, 0, th))
	s.Put(NewEntry(art("h2", "h2", 0, 3, "protest"), false, 0, th))
	for _, it := range s.Rank(Filter{}, th, 0, 10).Items {
		if len(it.Reasons) != 0 {
			t.Errorf("%s: reasons %q after the clusters split", it.ID, codes(it.Reasons))
		}
	}
}

func TestRankFilter(t *testing.T) {
	s := NewSet()
	for _, a := range []*govwire.Article{
		art("a1", "", 0, 1, "award"), art("b1", "", 5, 1, "bid"), art("a2", "", 10, 3, "award", "protest"),
		art("c1", "", 3, 0.5),
	} {
		s.Put(NewEntry(a, false, 0, th))
	}
	nearProtest := art("d1", "", 4, 3, "award")
	nearProtest.Scores["protest"] = 0.75
	s.Put(NewEntry(nearProtest, false, 0, th))
	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"source", Filter{Sources: []string{"src-a"}}, []string{"a1", "a2"}},
		{"since", Filter{Since: day0.AddDate(0, 0, 4)}, []string{"b1", "d1", "a2"}},
		{"until", Filter{Until: day0.AddDate(0, 0, 4)}, []string{"a1", "c1"}},
		{"label carried or in a reason", Filter{Labels: []string{"protest"}}, []string{"d1", "a2"}},
		{"ids", Filter{UseIDs: true, IDs: map[string]bool{"b1": true, "zz": true}}, []string{"b1"}},
		{"no ids", Filter{UseIDs: true}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(s.Rank(tt.f, th, 0, 10))
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}
