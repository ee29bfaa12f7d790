package api_test

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"sort"
	"testing"

	"github.com/govwire/govwire/api"
	"github.com/govwire/govwire/api/reviewqueue"
)

// queuePage is the body of GET /v1/review-queue as the tests read it.
type queuePage struct {
	Total      int                    `json:"total"`
	Flagged    int                    `json:"flagged"`
	Thresholds reviewqueue.Thresholds `json:"thresholds"`
	Items      []struct {
		ID       string               `json:"id"`
		Title    string               `json:"title"`
		Source   string               `json:"source"`
		Labels   []string             `json:"labels"`
		Priority float64              `json:"priority"`
		Reasons  []reviewqueue.Reason `json:"reasons"`
	} `json:"items"`
}

func (p queuePage) ids() []string {
	var out []string
	for _, it := range p.Items {
		out = append(out, it.ID)
	}
	return out
}

var queueThresholds = reviewqueue.Thresholds{OnTopic: 1, Label: 1}

func withQueue(c *api.Config) { c.QueueThresholds = queueThresholds }

// TestReviewQueue reads the queue over a real store and index: every
// article is unreviewed, heaviest first, each with a described reason; a
// newly stored article with a rule conflict goes to the top on the next
// request; the filters narrow it like search's.
func TestReviewQueue(t *testing.T) {
	f := newFixture(t, corpus, withQueue)
	var p queuePage
	f.getJSON(t, "/v1/review-queue?size=100", 200, &p)
	if p.Total != len(corpus) || len(p.Items) != len(corpus) {
		t.Fatalf("total %d, %d items; want all %d articles", p.Total, len(p.Items), len(corpus))
	}
	if p.Thresholds != queueThresholds {
		t.Errorf("thresholds %+v", p.Thresholds)
	}
	if !sort.SliceIsSorted(p.Items, func(i, j int) bool { return p.Items[i].Priority > p.Items[j].Priority }) {
		t.Errorf("items not heaviest first: %+v", p.Items)
	}
	for _, it := range p.Items {
		var sum float64
		for _, r := range it.Reasons {
			sum += r.Weight
			if r.Detail == "" || r.Code == "" {
				t.Errorf("%s: reason without code or detail: %+v", it.Title, r)
			}
		}
		if it.Title == "" || (sum > it.Priority+0.01 || sum < it.Priority-0.01) {
			t.Errorf("%s: priority %g, reasons weigh %g", it.Title, it.Priority, sum)
		}
	}

	// A story whose award and allegation rules fired though it is off topic:
	// two conflicts, heavier than any fixture story's reasons.
	s := story{key: "offtopic-award", source: "nextgov", published: "2026-11-20",
		title: "Agency awards contract for office chairs", text: "The agency awarded a contract for office chairs."}
	a := s.article(t)
	a.Scores["award"], a.Scores["allegation"] = 2, 1.5
	if _, err := f.store.SaveArticle(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	f.ids[s.key] = a.ID
	f.getJSON(t, "/v1/review-queue?size=3", 200, &p)
	if p.Total != len(corpus)+1 || len(p.Items) != 3 || p.Items[0].ID != a.ID {
		t.Fatalf("after a new conflicting story: total %d, first %+v", p.Total, p.Items)
	}
	if r := p.Items[0].Reasons[0]; r.Code != reviewqueue.ReasonLabelOffTopic || r.Label != "award" {
		t.Errorf("its first reason %+v", r)
	}

	tests := []struct {
		query string
		want  []string // story keys, any order
	}{
		{"source=fedscoop", []string{"oracle-protest", "nsa-protest"}},
		{"source=fedscoop&source=govexec", []string{"oracle-protest", "nsa-protest", "oracle-protest-copy"}},
		{"since=2026-11-12&until=2026-11-14", []string{"offtopic", "gcloud-bid"}},
		{"label=allegation", []string{"jedi-coi", "offtopic-award"}}, // a reason names it
		{"q=GAO", []string{"oracle-protest", "oracle-protest-copy"}},
		{"q=" + url.QueryEscape("+Microsoft +protest"), []string{"nsa-protest"}},
		{"vendor=IBM", []string{"cia-c2e"}},
		{"programme=JWCC&source=defensenews", []string{"jwcc-award"}},
		{"q=destroyer", []string{"offtopic"}}, // off topic: still in the queue
		{"agency=Nobody", nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var p queuePage
			f.getJSON(t, "/v1/review-queue?size=100&"+tt.query, 200, &p)
			var want []string
			for _, k := range tt.want {
				want = append(want, f.ids[k])
			}
			got := p.ids()
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) || p.Total != len(want) {
				t.Errorf("got %q (total %d), want %q", got, p.Total, want)
			}
		})
	}
}

func TestReviewQueueBadParams(t *testing.T) {
	f := newFixture(t, corpus, withQueue)
	for _, q := range []string{"size=0", "size=101", "page=0", "label=rumour", "sort=date", "since=yesterday",
		"page=200&size=100", "since=2026-11-02&until=2026-11-01"} {
		var e apiError
		f.getJSON(t, "/v1/review-queue?"+q, 400, &e)
		if e.Error.Code != "invalid" || e.Error.Message == "" {
			t.Errorf("%s: error %+v", q, e)
		}
	}
}

// TestReviewQueueDocumented checks every key of a real answer is in the
// OpenAPI schemas and every required key is in the answer.
func TestReviewQueueDocumented(t *testing.T) {
	f := newFixture(t, corpus, withQueue)
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Required   []string                   `json:"required"`
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	f.getJSON(t, "/v1/openapi.json", 200, &doc)
	var raw map[string]json.RawMessage
	f.getJSON(t, "/v1/review-queue?size=100", 200, &raw)
	check := func(schema string, obj map[string]json.RawMessage) {
		s, ok := doc.Components.Schemas[schema]
		if !ok {
			t.Fatalf("schema %s missing", schema)
		}
		for k := range obj {
			if _, ok := s.Properties[k]; !ok {
				t.Errorf("%s: key %q not documented", schema, k)
			}
		}
		for _, k := range s.Required {
			if _, ok := obj[k]; !ok {
				t.Errorf("%s: required key %q missing", schema, k)
			}
		}
	}
	check("ReviewQueue", raw)
	var items []map[string]json.RawMessage
	if err := json.Unmarshal(raw["items"], &items); err != nil || len(items) == 0 {
		t.Fatalf("items: %v %s", err, raw["items"])
	}
	reasons := 0
	for _, it := range items {
		check("ReviewQueueItem", it)
		var rs []map[string]json.RawMessage
		if err := json.Unmarshal(it["reasons"], &rs); err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			check("ReviewReason", r)
			reasons++
		}
	}
	if reasons == 0 {
		t.Error("no reasons to check")
	}
}
