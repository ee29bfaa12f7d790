package api_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// queueLoaded waits until the queue page shows the answer for the address.
func queueLoaded(hashHas string) chromedp.Action[chromedp.Void] {
	return waitJS(`location.hash.includes(` + jsString(hashHas) + `) &&
		document.getElementById('review-view').dataset.loaded === location.hash`)
}

// queueShown is what the queue page shows.
type queueShown struct {
	Left   string
	Status string
	IDs    []string
	Titles []string
	First  []string // the first item's reasons
}

const queueShownJS = `(() => {
  const v = document.getElementById('review-view');
  const items = [...v.querySelectorAll('.queue-item')];
  return {Left: v.querySelector('.queue-status').dataset.left || '',
    Status: v.querySelector('.queue-status').textContent,
    IDs: items.map(i => i.dataset.id),
    Titles: items.map(i => i.querySelector('.hit-title a').textContent),
    First: items.length ? [...items[0].querySelectorAll('.queue-reasons li')].map(l => l.textContent) : []};
})()`

// TestBrowserReviewQueue opens the queue from the header link, checks it
// shows what the API answers (count left, order, reasons), narrows it with
// the filter form using the keyboard only, and opens an item's article.
func TestBrowserReviewQueue(t *testing.T) {
	f := newFixture(t, corpus, withQueue)
	b := newBrowser(t)
	defer b.check(t)

	var want queuePage
	f.getJSON(t, "/v1/review-queue?size=20", 200, &want)
	b.do(t, "open the queue from the header",
		chromedp.Navigate(f.srv.URL+"/"),
		loaded(""),
		chromedp.Click(`#review-link`),
		queueLoaded("#/review"),
	)
	b.screenshot(t, "/tmp/govwire-review-queue.png")
	got := eval[queueShown](t, b, queueShownJS)
	if got.Left != strconv.Itoa(want.Total) || !strings.Contains(got.Status, "left to review") {
		t.Errorf("status %q (left %q), API total %d", got.Status, got.Left, want.Total)
	}
	if strings.Join(got.IDs, ",") != strings.Join(want.ids(), ",") {
		t.Errorf("page order %q, API order %q", got.IDs, want.ids())
	}
	if len(want.Items) == 0 || len(got.First) != len(want.Items[0].Reasons) || got.First[0] != want.Items[0].Reasons[0].Detail {
		t.Errorf("first item's reasons %q, API %+v", got.First, want.Items[0].Reasons)
	}
	if hidden := eval[bool](t, b, `document.getElementById('search-view').hidden && document.getElementById('article-view').hidden`); !hidden {
		t.Error("the search or article view is still shown under the queue")
	}
	if focused := eval[string](t, b, `document.activeElement.textContent`); focused != "Review queue" {
		t.Errorf("focus on %q after opening the queue, want its heading", focused)
	}

	// Keyboard only: Tab to the label filter, type to pick "protest", Tab
	// to the button, Enter.
	tabTo(t, b, `#queue-label`)
	b.do(t, "choose protest", chromedp.KeyEvent("protest"))
	if v := eval[string](t, b, `document.getElementById('queue-label').value`); v != "protest" {
		t.Fatalf("typing chose %q", v)
	}
	tabTo(t, b, `.queue-apply`)
	b.do(t, "submit", chromedp.KeyEvent(kb.Enter), queueLoaded("label=protest"))
	f.getJSON(t, "/v1/review-queue?size=20&label=protest", 200, &want)
	got = eval[queueShown](t, b, queueShownJS)
	if strings.Join(got.IDs, ",") != strings.Join(want.ids(), ",") || got.Left != strconv.Itoa(want.Total) || want.Total == 0 {
		t.Errorf("protest queue shows %q (left %s), API %q (total %d)", got.IDs, got.Left, want.ids(), want.Total)
	}

	b.do(t, "open the first item",
		chromedp.Click(`#review-view .queue-item .hit-title a`),
		chromedp.WaitVisible(`#article-view h1`),
	)
	if title := eval[string](t, b, `document.querySelector('#article-view h1').textContent`); title != got.Titles[0] {
		t.Errorf("article view shows %q, want %q", title, got.Titles[0])
	}
	if shown := eval[bool](t, b, `document.getElementById('review-view').hidden`); !shown {
		t.Error("the queue is still shown over the article")
	}
}

// TestBrowserReviewNarrow checks the queue fits a phone-width screen.
func TestBrowserReviewNarrow(t *testing.T) {
	f := newFixture(t, corpus, withQueue)
	b := newBrowser(t)
	defer b.check(t)
	b.do(t, "narrow queue",
		chromedp.EmulateViewport(375, 740),
		chromedp.Navigate(f.srv.URL+"/#/review"),
		waitJS(`document.querySelector('.queue-item')`),
	)
	if overflow := eval[int](t, b, `document.documentElement.scrollWidth - window.innerWidth`); overflow > 0 {
		t.Errorf("queue: %dpx wider than a 375px screen", overflow)
	}
}

// tabTo presses Tab until the element matching selector has the focus (at
// most 60 times): how a keyboard user gets there.
func tabTo(t *testing.T, b *browser, selector string) {
	t.Helper()
	for range 60 {
		if eval[bool](t, b, `document.activeElement && document.activeElement.matches(`+jsString(selector)+`)`) {
			return
		}
		b.do(t, "press Tab", chromedp.KeyEvent(kb.Tab))
	}
	t.Fatalf("60 Tabs did not reach %s (focus on %s)", selector,
		eval[string](t, b, `document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : 'nothing'`))
}

// TestAccessibilityReview runs axe-core over the review queue, with items
// and with none, failing on any serious or critical violation.
func TestAccessibilityReview(t *testing.T) {
	src := axeSource(t)
	f := newFixture(t, corpus, withQueue)
	b := newBrowser(t)
	defer b.check(t)
	pages := []struct {
		name, path, ready string
	}{
		{"review queue", "/#/review", `document.getElementById('review-view').dataset.loaded === '#/review' && document.querySelector('.queue-item')`},
		{"empty review queue", "/#/review?q=zzyzx", `document.getElementById('review-view').dataset.loaded === '#/review?q=zzyzx'`},
	}
	for _, p := range pages {
		b.do(t, "open "+p.name, chromedp.Navigate(f.srv.URL+p.path), waitJS(p.ready))
		axeCheck(t, b, src, p.name)
	}
}
