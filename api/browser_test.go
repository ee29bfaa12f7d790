package api_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
)

// chromiumPath finds a Chromium binary. Without one the browser tests are
// skipped locally and fail on CI.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium binary found and CI is set: install Debian's chromium package")
	}
	t.Skip("no chromium binary found (apt-get install chromium); skipping the browser test")
	return ""
}

// browser is a headless Chromium tab that records JavaScript dialogs,
// exceptions and console errors.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	dialogs  []string
	problems []string
}

func newBrowser(t *testing.T) *browser {
	path := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })

	b := &browser{ctx: ctx}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium %s: %v", path, err)
	}
	dialogs := make(chan struct{}, 16)
	err := chromedp.Listen(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			b.dialogs = append(b.dialogs, ev.Message)
			select {
			case dialogs <- struct{}{}:
			default:
			}
		}
	})
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	// Exceptions, console errors and browser log errors (a CSP violation,
	// a failed request) are problems.
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == "error" {
				b.mu.Lock()
				b.problems = append(b.problems, string(m.Type)+": "+m.Text)
				b.mu.Unlock()
			}
		}
	}()
	// A dialog blocks the page: dismiss it (the test fails on it anyway).
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-dialogs:
				_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{})
			}
		}
	}()
	return b
}

// do runs steps, failing the test with the step's name on error.
func (b *browser) do(t *testing.T, step string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

// eval evaluates a JavaScript expression in the page into a T.
func eval[T any](t *testing.T, b *browser, expr string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitJS polls a JavaScript condition until it holds.
func waitJS(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool]("!!("+expr+")", chromedp.WithPollingTimeout(15*time.Second)))
		if err != nil {
			return fmt.Errorf("wait for %s: %w", expr, err)
		}
		return nil
	})
}

func (b *browser) check(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.dialogs) > 0 {
		t.Errorf("JavaScript dialogs opened: %q", b.dialogs)
	}
	if len(b.problems) > 0 {
		t.Errorf("page errors: %q", b.problems)
	}
}

// hitTitles is the JavaScript list of result titles.
const hitTitles = `[...document.querySelectorAll('#results .hit-title a')].map(a => a.textContent)`

func TestBrowser(t *testing.T) {
	f := newFixture(t, corpus, func(c *api.Config) { c.Digests = digests{c.Store} })
	b := newBrowser(t)
	defer b.check(t)

	b.do(t, "open the page",
		chromedp.Navigate(f.srv.URL+"/"),
		chromedp.WaitVisible(`#results .hit`),
		waitJS(`!document.getElementById('digest-link').hidden`),
	)

	// Type a query and press Enter.
	b.do(t, "search",
		chromedp.Click(`#q`),
		chromedp.SendKeys(`#q`, "Oracle protest JWCC"+kb.Enter),
		loaded("q=Oracle"),
	)
	titles := eval[[]string](t, b, hitTitles)
	var want govwire.SearchResult
	f.getJSON(t, "/v1/search?q="+url.QueryEscape("Oracle protest JWCC")+"&sort=relevance", 200, &want)
	if len(titles) != len(want.Hits) || len(titles) == 0 || titles[0] != want.Hits[0].Title {
		t.Errorf("page shows %q, API says %d hits", titles, len(want.Hits))
	}
	b.screenshot(t, "/tmp/govwire-search.png")

	// Click a facet; the hits narrow to that label. Click again to remove it.
	protest := `button.facet-value[data-param="label"][data-value="protest"]`
	pressed := func(v string) string {
		return `document.querySelector('` + protest + `')?.getAttribute('aria-pressed') === '` + v + `'`
	}
	b.do(t, "click the protest facet",
		chromedp.Click(`.brand`),
		waitJS(`!location.hash.includes('Oracle')`),
		loaded(""),
		chromedp.Click(protest),
		loaded("label=protest"),
		waitJS(pressed("true")),
	)
	titles = eval[[]string](t, b, hitTitles)
	f.getJSON(t, "/v1/search?label=protest&sort=date", 200, &want)
	if len(titles) != len(want.Hits) || len(titles) != 3 {
		t.Errorf("protest facet shows %q, want the %d protest stories", titles, len(want.Hits))
	}
	if !eval[bool](t, b, `[...document.querySelectorAll('#results .hit')].every(h => h.querySelector('.chip-protest'))`) {
		t.Error("a hit under the protest facet has no protest chip")
	}
	b.do(t, "remove the facet",
		chromedp.Click(protest),
		waitJS(`!location.hash.includes('label=protest')`),
		loaded(""),
		waitJS(pressed("false")),
	)
	if n := eval[int](t, b, `document.querySelectorAll('#results .hit').length`); n <= 3 {
		t.Errorf("after removing the facet %d hits, want more than the 3 protests", n)
	}

	// Open the Oracle protest from its result: evidence highlighted by label,
	// with the rule named, and the copy from another outlet listed.
	b.do(t, "open an article",
		chromedp.SendKeys(`#q`, "GAO"+kb.Enter),
		loaded("q=GAO"),
		chromedp.Click(`#results .hit-title a`),
		chromedp.WaitVisible(`#article-view h1`),
	)
	marks := eval[[]map[string]string](t, b, `[...document.querySelectorAll('#article-view mark.ev[data-rule]')].map(m =>
		({text: m.textContent, cls: m.className, title: m.title}))`)
	var gao bool
	for _, m := range marks {
		if m["text"] == "filed a bid protest with the Government Accountability Office" &&
			strings.Contains(m["cls"], "ev-protest") && strings.Contains(m["title"], "protest.gao") {
			gao = true
		}
	}
	if !gao {
		t.Errorf("evidence marks %v lack the protest.gao span", marks)
	}
	dup := eval[string](t, b, `document.querySelector('.duplicates').textContent`)
	if !strings.Contains(dup, "govexec") && !strings.Contains(dup, "fedscoop") {
		t.Errorf("duplicates section %q lacks the other outlet", dup)
	}
	b.screenshot(t, "/tmp/govwire-article.png")

	// Keyboard: Tab from the search box reaches the sort control, with a
	// visible focus ring.
	b.do(t, "keyboard focus",
		chromedp.Navigate(f.srv.URL+"/"),
		chromedp.WaitVisible(`#results .hit`),
		chromedp.Focus(`#q`),
		chromedp.KeyEvent(kb.Tab),
	)
	if got := eval[string](t, b, `document.activeElement.id + ':' + getComputedStyle(document.activeElement).outlineStyle`); got != "sort:solid" {
		t.Errorf("after Tab from the search box, focus is %q; want the sort control with a solid outline", got)
	}
}

// hostileView is what the page shows of the hostile article.
type hostileView struct {
	Title, Text          string
	Scripts, Imgs, Marks int
}

// TestBrowserHostile opens an article whose title and text carry script and
// onerror markup: it must show as text, run nothing and add no elements.
func TestBrowserHostile(t *testing.T) {
	f := newFixture(t, corpus, nil)
	b := newBrowser(t)
	defer b.check(t)

	b.do(t, "search hostile",
		chromedp.Navigate(f.srv.URL+"/#/search?q=final"),
		chromedp.WaitVisible(`#results .hit`),
	)
	if n := eval[int](t, b, `document.querySelectorAll('#results img, #results script').length`); n != 0 {
		t.Errorf("%d elements injected into the results", n)
	}
	if s := eval[string](t, b, `document.querySelector('#results .hit-title a').textContent`); s != hostileTitle {
		t.Errorf("hit title shown as %q", s)
	}
	b.do(t, "open hostile",
		chromedp.Navigate(f.srv.URL+"/#/article/"+f.ids["hostile"]),
		chromedp.WaitVisible(`#article-view h1`),
		chromedp.Sleep(300*time.Millisecond), // time for an injected onerror to fire
	)
	res := eval[hostileView](t, b, `({Title: document.querySelector('#article-view h1').textContent,
		Text: document.querySelector('.article-text').textContent,
		Scripts: [...document.scripts].filter(s => !s.src.startsWith(location.origin + '/assets/')).length,
		Imgs: document.images.length,
		Marks: document.querySelectorAll('.article-text mark').length})`)
	if res.Title != hostileTitle {
		t.Errorf("title shown as %q, want the raw text %q", res.Title, hostileTitle)
	}
	if !strings.Contains(res.Text, "<script>alert(1)</script>") || !strings.Contains(res.Text, "<img src=x onerror=alert(1)>") {
		t.Errorf("text shown as %q", res.Text)
	}
	if res.Scripts != 0 || res.Imgs != 0 {
		t.Errorf("injected elements: %d scripts, %d images", res.Scripts, res.Imgs)
	}
	if res.Marks != 1 {
		t.Errorf("%d evidence marks in the hostile text, want 1", res.Marks)
	}
}

// TestBrowserNarrow checks the page fits a phone-width screen.
func TestBrowserNarrow(t *testing.T) {
	f := newFixture(t, corpus, nil)
	b := newBrowser(t)
	defer b.check(t)
	for i, path := range []string{"/", "/#/article/" + f.ids["oracle-protest"]} {
		b.do(t, "narrow "+path,
			chromedp.EmulateViewport(375, 740),
			chromedp.Navigate(f.srv.URL+path),
			waitJS(`document.querySelector('#results .hit') || document.querySelector('#article-view h1')`),
		)
		if overflow := eval[int](t, b, `document.documentElement.scrollWidth - window.innerWidth`); overflow > 0 {
			t.Errorf("%s: %dpx wider than a 375px screen", path, overflow)
		}
		b.screenshot(t, fmt.Sprintf("/tmp/govwire-narrow-%d.png", i))
	}
}

// screenshot saves a PNG of the page for a person to look at.
func (b *browser) screenshot(t *testing.T, path string) {
	t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Logf("screenshot: %v", err)
	}
}

// TestBrowserPaging pages through a larger sample with the pager's links.
func TestBrowserPaging(t *testing.T) {
	f := newFixture(t, corpus, nil)
	addGenerated(t, f, 45)
	var p2 govwire.SearchResult
	f.getJSON(t, "/v1/search?sort=date&page=2", 200, &p2)
	pages := (p2.Total + 19) / 20
	if pages < 3 {
		t.Fatalf("%d hits: too few to page", p2.Total)
	}

	b := newBrowser(t)
	defer b.check(t)
	b.do(t, "open", chromedp.Navigate(f.srv.URL+"/"), loaded(""), chromedp.WaitVisible(`#pager .next`))
	if got, want := eval[string](t, b, `document.querySelector('#pager .page-of').textContent`), fmt.Sprintf("Page 1 of %d", pages); got != want {
		t.Errorf("pager says %q, want %q", got, want)
	}
	b.do(t, "next page",
		chromedp.Click(`#pager .next`),
		loaded("page=2"),
	)
	if got := eval[[]string](t, b, hitTitles); !slices.Equal(got, titlesOf(p2)) {
		t.Errorf("page 2 shows %q, want %q", got, titlesOf(p2))
	}
	b.do(t, "previous page",
		chromedp.Click(`#pager .prev`),
		waitJS(`!location.hash.includes('page=')`),
		loaded(""),
	)
}

func titlesOf(res govwire.SearchResult) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Title)
	}
	return out
}
