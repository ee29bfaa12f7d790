package api_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
)

const (
	reviewerToken = "reviewer-token-4f1c9a"
	leadToken     = "lead-admin-token-77d0"
	oldAdminToken = "old-admin-token-31b2"
)

// reviewFixture is the API with one reviewer, one admin of api.tokens and
// the old admin token, logging at debug level into logs.
func reviewFixture(t *testing.T, ingest func(context.Context) (any, error)) (*fixture, *syncBuffer) {
	logs := &syncBuffer{}
	f := newFixture(t, corpus, func(c *api.Config) {
		c.Log = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
		c.AdminToken = oldAdminToken
		c.Tokens = []govwire.APIToken{{Name: "ana", Token: reviewerToken, Role: govwire.RoleReviewer},
			{Name: "lead", Token: leadToken, Role: govwire.RoleAdmin}}
		c.Ingest = ingest
	})
	return f, logs
}

// put sends a review with token ("" for none) and returns status and body.
func (f *fixture) put(t *testing.T, id, token, body string) (int, http.Header, []byte) {
	t.Helper()
	hdr := map[string]string{"Content-Type": "application/json"}
	if token != "" {
		hdr["Authorization"] = "Bearer " + token
	}
	return call(t, http.MethodPut, f.srv.URL+"/v1/articles/"+id+"/review", strings.NewReader(body), hdr)
}

// nothingWritten fails unless the store holds no review and its change
// sequence is still seq.
func (f *fixture) nothingWritten(t *testing.T, seq int64) {
	t.Helper()
	ctx := context.Background()
	n := 0
	if err := f.store.ScanReviews(ctx, func(govwire.Review) error { n++; return nil }); err != nil || n != 0 {
		t.Errorf("reviews stored: %d (%v), want none", n, err)
	}
	if got, err := f.store.LastSeq(ctx); err != nil || got != seq {
		t.Errorf("store seq %d (%v), want %d unchanged", got, err, seq)
	}
}

func TestReviewRefused(t *testing.T) {
	ingested := false
	f, logs := reviewFixture(t, func(context.Context) (any, error) { ingested = true; return nil, nil })
	seq, err := f.store.LastSeq(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	id := f.ids["offtopic"]
	good := `{"on_topic": true, "labels": ["award"]}`
	for _, tc := range []struct {
		name, id, token, body string
		status                int
		code, msg             string
	}{
		{"no token", id, "", good, 401, "unauthorized", "needs a valid token"},
		{"wrong token", id, "not-a-token", good, 401, "unauthorized", "needs a valid token"},
		{"token prefix", id, reviewerToken[:10], good, 401, "unauthorized", "needs a valid token"},
		{"unknown label", id, reviewerToken, `{"on_topic": true, "labels": ["award", "rumour"]}`, 400, "invalid", `unknown label "rumour"`},
		{"no on_topic", id, reviewerToken, `{"labels": ["award"]}`, 400, "invalid", "on_topic is required"},
		{"unknown field", id, reviewerToken, `{"on_topic": true, "label": "award"}`, 400, "invalid", `unknown field "label"`},
		{"not json", id, reviewerToken, `on_topic=true`, 400, "invalid", "review body"},
		{"two objects", id, reviewerToken, good + good, 400, "invalid", "one JSON object"},
		{"long note", id, reviewerToken, `{"on_topic": false, "note": "` + strings.Repeat("é", api.MaxNoteLength+1) + `"}`, 400, "invalid", "note is 2001 characters"},
		{"bad id", "ABC", reviewerToken, good, 400, "invalid", "16 hex digits"},
		{"no such article", "0123456789abcdef", reviewerToken, good, 404, "not_found", "not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, h, b := f.put(t, tc.id, tc.token, tc.body)
			var e apiError
			if err := json.Unmarshal(b, &e); err != nil || status != tc.status || e.Error.Code != tc.code ||
				!strings.Contains(e.Error.Message, tc.msg) {
				t.Fatalf("status %d body %s; want %d %s %q", status, b, tc.status, tc.code, tc.msg)
			}
			if status == 401 && h.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			f.nothingWritten(t, seq)
		})
	}
	t.Run("basic scheme", func(t *testing.T) {
		status, _, b := call(t, http.MethodPut, f.srv.URL+"/v1/articles/"+id+"/review", strings.NewReader(good),
			map[string]string{"Authorization": "Basic " + reviewerToken})
		if status != 401 {
			t.Fatalf("status %d %s, want 401", status, b)
		}
		f.nothingWritten(t, seq)
	})
	t.Run("reviewer may not ingest", func(t *testing.T) {
		status, _, b := call(t, http.MethodPost, f.srv.URL+"/v1/ingest", nil, map[string]string{"Authorization": "Bearer " + reviewerToken})
		var e apiError
		_ = json.Unmarshal(b, &e)
		if status != 403 || e.Error.Code != "forbidden" || !strings.Contains(e.Error.Message, `token "ana" has role reviewer`) {
			t.Fatalf("POST /v1/ingest with a reviewer token: %d %s, want 403 naming the token", status, b)
		}
		if ingested {
			t.Error("the ingest ran")
		}
	})
	for _, tok := range []string{reviewerToken, leadToken, oldAdminToken} {
		if strings.Contains(logs.String(), tok) {
			t.Errorf("a token is in the logs: %s", logs.String())
		}
	}
}

func TestReviewStoredAndShown(t *testing.T) {
	f, logs := reviewFixture(t, nil)
	id := f.ids["offtopic"]
	status, _, b := f.put(t, id, reviewerToken, `{"on_topic": true, "labels": ["protest", "award", "protest"], "note": " JWCC after all "}`)
	if status != 200 {
		t.Fatalf("PUT review: %d %s", status, b)
	}
	var got govwire.Review
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Reviewer != "ana" || !got.OnTopic || !slices.Equal(got.Labels, []string{"award", "protest"}) ||
		got.Note != "JWCC after all" || got.Ruleset != "rules-test-1" || got.At.IsZero() || got.ArticleID != id {
		t.Fatalf("stored review = %+v", got)
	}
	// The old admin token and an admin of api.tokens may review too; the
	// last review is the effective one.
	if status, _, b := f.put(t, id, oldAdminToken, `{"on_topic": true, "labels": ["award"]}`); status != 200 {
		t.Fatalf("PUT with the old admin token: %d %s", status, b)
	}
	if status, _, b := f.put(t, id, leadToken, `{"on_topic": true, "labels": ["allegation"]}`); status != 200 {
		t.Fatalf("PUT with an admin token: %d %s", status, b)
	}

	var view struct {
		OnTopic     bool             `json:"on_topic"`
		Labels      []string         `json:"labels"`
		LabelSource string           `json:"label_source"`
		Review      *govwire.Review  `json:"review"`
		History     []govwire.Review `json:"history"`
		Rules       struct {
			OnTopic bool     `json:"on_topic"`
			Labels  []string `json:"labels"`
		} `json:"rules"`
	}
	f.getJSON(t, "/v1/articles/"+id, 200, &view)
	if !view.OnTopic || !slices.Equal(view.Labels, []string{"allegation"}) || view.LabelSource != "review" {
		t.Errorf("effective decision = %v %v from %s, want true [allegation] from review", view.OnTopic, view.Labels, view.LabelSource)
	}
	if view.Rules.OnTopic || len(view.Rules.Labels) != 0 {
		t.Errorf("rules' decision = %+v, want off topic, no labels", view.Rules)
	}
	var who []string
	for _, r := range view.History {
		who = append(who, r.Reviewer)
	}
	if !slices.Equal(who, []string{"ana", "admin", "lead"}) || view.Review == nil || view.Review.Reviewer != "lead" {
		t.Errorf("history by %v, review %+v; want ana, admin, lead and lead's review", who, view.Review)
	}

	var plain map[string]json.RawMessage
	f.getJSON(t, "/v1/articles/"+f.ids["jwcc-award"], 200, &plain)
	if string(plain["review"]) != "null" || string(plain["history"]) != "[]" || string(plain["label_source"]) != `"rules"` ||
		string(plain["labels"]) != `["award"]` {
		t.Errorf("unreviewed article: review %s history %s label_source %s labels %s", plain["review"], plain["history"],
			plain["label_source"], plain["labels"])
	}

	// A confirmation of the rules counts as confirmed.
	if status, _, b := f.put(t, f.ids["jwcc-award"], reviewerToken, `{"on_topic": true, "labels": ["award"]}`); status != 200 {
		t.Fatalf("PUT confirmation: %d %s", status, b)
	}
	_, _, metrics := call(t, http.MethodGet, f.srv.URL+"/metrics", nil, nil)
	for _, line := range []string{`govwire_reviews_total{outcome="corrected"} 3`, `govwire_reviews_total{outcome="confirmed"} 1`} {
		if !strings.Contains(string(metrics), line) {
			t.Errorf("metrics lack %q", line)
		}
	}
	for _, tok := range []string{reviewerToken, leadToken, oldAdminToken} {
		if strings.Contains(logs.String(), tok) {
			t.Errorf("a token is in the logs")
		}
	}
	if !strings.Contains(logs.String(), `"reviewer":"ana"`) {
		t.Errorf("the review is not logged with the reviewer's name: %s", logs.String())
	}
}

// TestReviewMovesSearch: after one index catch-up, a reviewed article's
// search hit, facets and label filter follow the review.
func TestReviewMovesSearch(t *testing.T) {
	f, _ := reviewFixture(t, nil)
	id := f.ids["gcloud-bid"]
	if status, _, b := f.put(t, id, reviewerToken, `{"on_topic": true, "labels": ["award"]}`); status != 200 {
		t.Fatalf("PUT review: %d %s", status, b)
	}
	if _, err := f.index.CatchUp(context.Background(), f.store); err != nil {
		t.Fatal(err)
	}
	var res govwire.SearchResult
	f.getJSON(t, "/v1/search?q=suppliers&label=award", 200, &res)
	if len(res.Hits) != 1 || res.Hits[0].ID != id || res.Hits[0].LabelSource != "review" ||
		!slices.Equal(res.Hits[0].Labels, []string{"award"}) {
		t.Fatalf("search suppliers label=award: %+v", res.Hits)
	}
	f.getJSON(t, "/v1/search?q=suppliers&label=bid", 200, &res)
	if len(res.Hits) != 0 {
		t.Errorf("still found under its rules' label bid: %+v", res.Hits)
	}
	f.getJSON(t, "/v1/search?q=JWCC", 200, &res)
	for _, h := range res.Hits {
		if h.LabelSource != "rules" {
			t.Errorf("unreviewed hit %s: label_source %q", h.ID, h.LabelSource)
		}
	}
	f.getJSON(t, "/v1/search", 200, &res)
	counts := map[string]int{}
	for _, fc := range res.Facets.Labels {
		counts[fc.Value] = fc.Count
	}
	if counts["bid"] != 0 || counts["award"] != 4 { // jwcc-award, cia-c2e, hostile, and the review
		t.Errorf("label facets = %v, want no bid and 4 award", counts)
	}
}
