package api_test

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
)

// tokenTrace is where a token could leak in the browser.
type tokenTrace struct {
	Href, Cookie, Local string
	Resources           []string
	Session             string
}

const tokenTraceJS = `(() => {
  const local = [];
  for (let i = 0; i < localStorage.length; i++) local.push(localStorage.key(i) + '=' + localStorage.getItem(localStorage.key(i)));
  return {Href: location.href, Cookie: document.cookie, Local: local.join(';'),
    Resources: performance.getEntriesByType('resource').map(e => e.name).concat(performance.getEntriesByType('navigation').map(e => e.name)),
    Session: sessionStorage.getItem('govwire.reviewToken') || ''};
})()`

// TestBrowserReviewByKeyboard corrects an article's labels with the
// keyboard only: a wrong token is refused and asked for again, the right
// one saves; the correction shows in the search page's label filter and the
// queue count drops by one, with no console error. The token never reaches
// the address, a cookie, localStorage, a request URL or the server's log.
func TestBrowserReviewByKeyboard(t *testing.T) {
	const secret, wrong = "rv-s3cret-7f3a9c41", "not-the-token-0000"
	var logs syncBuffer
	f := newFixture(t, corpus, func(c *api.Config) {
		withQueue(c)
		c.Tokens = []govwire.APIToken{{Name: "alice", Token: secret, Role: govwire.RoleReviewer}}
		c.Log = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	id, title := f.ids["nsa-protest"], "Microsoft protest delays NSA cloud deal"
	b := newBrowser(t)
	defer b.check(t)

	b.do(t, "open the queue", chromedp.Navigate(f.srv.URL+"/#/review"), queueLoaded("#/review"))
	left, err := strconv.Atoi(eval[string](t, b, `document.querySelector('.queue-status').dataset.left`))
	if err != nil || left == 0 {
		t.Fatalf("queue count %d, %v", left, err)
	}

	b.do(t, "open the article", chromedp.Navigate(f.srv.URL+"/#/article/"+id),
		waitJS(`document.querySelector('#article-view .review-form')`))
	// Keyboard only: Tab to the award box, Space, Tab to the token, type a
	// wrong one, Enter.
	award := `#article-view .review-label[data-label="award"]`
	tabTo(t, b, award)
	b.do(t, "tick award", chromedp.KeyEvent(" "))
	if !eval[bool](t, b, `document.querySelector('`+award+`').checked`) {
		t.Fatal("Space did not tick award")
	}
	tabTo(t, b, `#article-view .review-token-input`)
	b.do(t, "save with a wrong token", chromedp.KeyEvent(wrong), chromedp.KeyEvent(kb.Enter),
		waitJS(`document.querySelector('#article-view .review-status').textContent.includes('not accepted')`))
	if focused := eval[bool](t, b, `document.activeElement.matches('#article-view .review-token-input')`); !focused {
		t.Error("after a refused token the focus is not back in the token field")
	}
	b.expectOnly(t, "status of 401")
	b.do(t, "save with the right token", chromedp.KeyEvent(secret), chromedp.KeyEvent(kb.Enter),
		waitJS(`document.querySelector('#article-view .review-box').dataset.saved`))
	if s := eval[string](t, b, `document.querySelector('#article-view .review-status').textContent`); s != "Saved: on topic, award, protest." {
		t.Errorf("status %q", s)
	}
	b.screenshot(t, "/tmp/govwire-review-saved.png")
	if !eval[bool](t, b, `document.querySelector('#article-view .review-token').hidden`) {
		t.Error("the token field is still asked for after a save")
	}
	var view struct {
		Labels      []string        `json:"labels"`
		LabelSource string          `json:"label_source"`
		Review      *govwire.Review `json:"review"`
	}
	f.getJSON(t, "/v1/articles/"+id, 200, &view)
	if !slices.Equal(view.Labels, []string{"award", "protest"}) || view.LabelSource != "review" || view.Review == nil || view.Review.Reviewer != "alice" {
		t.Fatalf("stored: labels %v from %s, review %+v", view.Labels, view.LabelSource, view.Review)
	}

	// The index follows the review; the search page's award filter shows it.
	if _, err := f.index.CatchUp(context.Background(), f.store); err != nil {
		t.Fatal(err)
	}
	b.do(t, "search award stories", chromedp.Navigate(f.srv.URL+"/#/search?label=award"), loaded("label=award"))
	if got := eval[[]string](t, b, hitTitles); !slices.Contains(got, title) {
		t.Errorf("award search shows %q, without the corrected story", got)
	}
	b.do(t, "back to the queue", chromedp.Navigate(f.srv.URL+"/#/review"), queueLoaded("#/review"))
	if now := eval[string](t, b, `document.querySelector('.queue-status').dataset.left`); now != strconv.Itoa(left-1) {
		t.Errorf("queue count %s after the review, want %d", now, left-1)
	}
	if ids := eval[[]string](t, b, `[...document.querySelectorAll('.queue-item')].map(i => i.dataset.id)`); slices.Contains(ids, id) {
		t.Error("the reviewed story is still in the queue")
	}

	tr := eval[tokenTrace](t, b, tokenTraceJS)
	for what, s := range map[string]string{"address": tr.Href, "cookie": tr.Cookie, "localStorage": tr.Local,
		"request URLs": strings.Join(tr.Resources, " "), "server log": logs.String()} {
		for _, tok := range []string{secret, wrong} {
			if strings.Contains(s, tok) {
				t.Errorf("a token is in the %s: %s", what, s)
			}
		}
	}
	if tr.Session != secret {
		t.Errorf("sessionStorage holds %q, want the accepted token", tr.Session)
	}
	if !strings.Contains(logs.String(), `"reviewer":"alice"`) {
		t.Errorf("the server log does not name the reviewer; the log check may be looking at nothing:\n%s", logs.String())
	}
}

// TestReviewFormAccessible runs axe-core over the article view with its
// review form, before and after a review, and checks the form fits a
// 375 px screen.
func TestReviewFormAccessible(t *testing.T) {
	src := axeSource(t)
	f := newFixture(t, corpus, withQueue)
	id := f.ids["oracle-protest"]
	if _, err := f.store.SaveReview(context.Background(), id, govwire.Review{OnTopic: true, Labels: []string{"protest"},
		Note: "checked", Reviewer: "bob"}); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	defer b.check(t)
	for _, p := range []struct{ name, key string }{{"form, not reviewed", "jwcc-award"}, {"form, reviewed", "oracle-protest"}} {
		b.do(t, "open "+p.name, chromedp.Navigate(f.srv.URL+"/#/article/"+f.ids[p.key]),
			waitJS(`document.querySelector('#article-view .review-form')`))
		axeCheck(t, b, src, p.name)
	}
	if s := eval[string](t, b, `document.querySelector('#article-view .review-current').textContent`); !strings.Contains(s, "Reviewed by bob") {
		t.Errorf("reviewed article says %q", s)
	}
	b.do(t, "narrow form", chromedp.EmulateViewport(375, 740), chromedp.Navigate(f.srv.URL+"/#/review"),
		queueLoaded("#/review"), chromedp.Navigate(f.srv.URL+"/#/article/"+id),
		waitJS(`document.querySelector('#article-view .review-form')`))
	if overflow := eval[int](t, b, `document.documentElement.scrollWidth - window.innerWidth`); overflow > 0 {
		t.Errorf("form: %dpx wider than a 375px screen", overflow)
	}
}

// expectOnly checks that the page's only problems so far are the browser's
// own log lines containing want (Chromium logs every 4xx answer to a fetch
// as a console error) and forgets them, so that b.check still catches
// anything else.
func (b *browser) expectOnly(t *testing.T, want string) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.problems) == 0 {
		t.Errorf("no console line with %q", want)
	}
	for _, p := range b.problems {
		if !strings.Contains(p, want) {
			t.Errorf("page error: %s", p)
		}
	}
	b.problems = nil
}
