package api_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
	"github.com/govwire/govwire/digest"
	"github.com/govwire/govwire/export"
)

// TestReviewFlowsEverywhere: over a real store, index, digest service and
// exporter behind the HTTP server, one review moves an article's search
// facet, digest section and exported labels after one index catch-up.
func TestReviewFlowsEverywhere(t *testing.T) {
	f := newFixture(t, corpus, func(c *api.Config) {
		c.Tokens = []govwire.APIToken{{Name: "ana", Token: reviewerToken, Role: govwire.RoleReviewer}}
		svc, err := digest.NewService(digest.Options{Digests: []govwire.DigestConfig{{Name: "daily"}}, Store: c.Store,
			Searcher: c.Searcher, DataDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		c.Digests = svc
		c.Exporter = &export.Exporter{Store: c.Store, Searcher: c.Searcher}
	})
	id := f.ids["gcloud-bid"]
	today := time.Now().UTC().Format(time.DateOnly)

	type view struct {
		facets  map[string]int
		section string
		row     export.Record
	}
	look := func() view {
		var v view
		var res govwire.SearchResult
		f.getJSON(t, "/v1/search", 200, &res)
		v.facets = map[string]int{}
		for _, fc := range res.Facets.Labels {
			v.facets[fc.Value] = fc.Count
		}
		var dg govwire.Digest
		f.getJSON(t, "/v1/digests/"+today+"?name=daily", 200, &dg)
		for _, s := range dg.Sections {
			for _, it := range s.Items {
				if it.ID == id {
					v.section = s.Label
				}
			}
		}
		status, _, body := call(t, http.MethodGet, f.srv.URL+"/v1/export?all=true&duplicates=true", nil, nil)
		if status != 200 {
			t.Fatalf("export: %d %s", status, body)
		}
		sc := bufio.NewScanner(bytes.NewReader(body))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var r export.Record
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			if r.ID == id {
				v.row = r
			}
		}
		return v
	}

	var queue struct{ Total int }
	f.getJSON(t, "/v1/review-queue", 200, &queue)
	left := queue.Total
	before := look()
	if before.section != "bid" || !slices.Equal(before.row.Labels, []string{"bid"}) || before.row.LabelSource != "rules" {
		t.Fatalf("before the review: section %q, exported %v from %s", before.section, before.row.Labels, before.row.LabelSource)
	}
	if status, _, b := f.put(t, id, reviewerToken, `{"on_topic": true, "labels": ["award"], "note": "a framework place was won"}`); status != 200 {
		t.Fatalf("PUT review: %d %s", status, b)
	}
	if n, err := f.index.CatchUp(context.Background(), f.store); err != nil || n != 1 {
		t.Fatalf("one catch-up: %d articles, %v; want the reviewed one", n, err)
	}
	after := look()
	f.getJSON(t, "/v1/review-queue", 200, &queue)
	if queue.Total != left-1 {
		t.Errorf("review queue: %d left, want %d", queue.Total, left-1)
	}
	if after.facets["bid"] != before.facets["bid"]-1 || after.facets["award"] != before.facets["award"]+1 {
		t.Errorf("label facets %v -> %v: want one bid less and one award more", before.facets, after.facets)
	}
	if after.section != "award" {
		t.Errorf("digest section %q, want award", after.section)
	}
	r := after.row
	if !slices.Equal(r.Labels, []string{"award"}) || !r.LabelAward || r.LabelBid || r.LabelSource != "review" ||
		!slices.Equal(r.RulesLabels, []string{"bid"}) || r.Review == nil || r.Review.Reviewer != "ana" ||
		r.Review.Note != "a framework place was won" {
		t.Errorf("exported row: labels %v source %s rules %v review %+v", r.Labels, r.LabelSource, r.RulesLabels, r.Review)
	}
}
