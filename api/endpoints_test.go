package api_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
)

func TestArticle(t *testing.T) {
	f := newFixture(t, corpus, nil)
	var got struct {
		govwire.Article
		Duplicates []struct{ ID, Source, Title, URL string } `json:"duplicates"`
	}
	f.getJSON(t, "/v1/articles/"+f.ids["oracle-protest"], 200, &got)
	want := corpus[1].article(t)
	if got.Title != want.Title || got.Text != want.Text || !slices.Equal(got.Labels, []string{"protest"}) {
		t.Errorf("article %q %v, want %q", got.Title, got.Labels, want.Title)
	}
	if len(got.Evidence) != 2 || got.Evidence[0].Rule != "protest.gao" ||
		got.Text[got.Evidence[0].Start:got.Evidence[0].End] != got.Evidence[0].Text {
		t.Errorf("evidence %+v does not point into the text", got.Evidence)
	}
	if got.Scores["protest"] != 0.8 || len(got.Entities) == 0 || got.Ruleset != "rules-test-1" {
		t.Errorf("scores %v entities %d ruleset %q", got.Scores, len(got.Entities), got.Ruleset)
	}
	if len(got.Duplicates) != 1 || got.Duplicates[0].ID != f.ids["oracle-protest-copy"] || got.Duplicates[0].Source != "govexec" {
		t.Errorf("duplicates %+v, want the govexec copy %s", got.Duplicates, f.ids["oracle-protest-copy"])
	}

	var single struct {
		Duplicates []any `json:"duplicates"`
	}
	f.getJSON(t, "/v1/articles/"+f.ids["cia-c2e"], 200, &single)
	if single.Duplicates == nil || len(single.Duplicates) != 0 {
		t.Errorf("a story without copies has duplicates %v, want []", single.Duplicates)
	}

	var e apiError
	f.getJSON(t, "/v1/articles/0123456789abcdef", 404, &e)
	if e.Error.Code != govwire.ENOTFOUND {
		t.Errorf("unknown id: %+v", e)
	}
	f.getJSON(t, "/v1/articles/not-an-id", 400, &e)
	if e.Error.Code != govwire.EINVALID {
		t.Errorf("malformed id: %+v", e)
	}
}

func TestSources(t *testing.T) {
	f := newFixture(t, corpus[:3], nil)
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Second)
	for _, st := range []govwire.SourceState{
		{Name: "fedscoop", URL: "https://fedscoop.example/feed", LastStatus: 200, LastAttempt: now, LastSuccess: now},
		{Name: "govexec", URL: "https://govexec.example/feed", LastStatus: 503, LastError: "feed: status 503",
			LastAttempt: now, LastSuccess: now.Add(-time.Hour), ConsecutiveFailures: 3},
		{Name: "newcomer", URL: "https://newcomer.example/feed"},
	} {
		if err := f.store.SaveSourceState(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	var res struct {
		Ruleset string `json:"ruleset"`
		Sources []struct {
			govwire.SourceState
			Health string `json:"health"`
		} `json:"sources"`
	}
	f.getJSON(t, "/v1/sources", 200, &res)
	health := map[string]string{}
	for _, s := range res.Sources {
		health[s.Name] = s.Health
	}
	want := map[string]string{"fedscoop": api.HealthOK, "govexec": api.HealthFailing, "newcomer": api.HealthPending}
	for name, h := range want {
		if health[name] != h {
			t.Errorf("source %s health %q, want %q (all: %v)", name, health[name], h, health)
		}
	}
	if res.Ruleset != "rules-test-1" {
		t.Errorf("ruleset %q", res.Ruleset)
	}
}

func TestHealth(t *testing.T) {
	var mu sync.Mutex
	var notReady error = errors.New("index catching up")
	f := newFixture(t, corpus[:1], func(c *api.Config) {
		c.Ready = func() error { mu.Lock(); defer mu.Unlock(); return notReady }
	})
	var st struct{ Status string }
	f.getJSON(t, "/healthz", 200, &st)
	var e apiError
	f.getJSON(t, "/readyz", 503, &e)
	if e.Error.Code != govwire.EUNAVAILABLE || !strings.Contains(e.Error.Message, "catching up") {
		t.Errorf("readyz: %+v", e)
	}
	mu.Lock()
	notReady = nil
	mu.Unlock()
	f.getJSON(t, "/readyz", 200, &st)
	if st.Status != "ready" {
		t.Errorf("readyz status %q", st.Status)
	}
}
