package api_test

import (
	"context"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
	"github.com/govwire/govwire/index"
)

// loaded waits until the search view shows the answer to the search in the
// address bar (app.js sets data-loaded to the hash it rendered), so a test
// never reads the hits of an earlier search.
func loaded(hashHas string) chromedp.Action[chromedp.Void] {
	return waitJS(`location.hash.includes(` + jsString(hashHas) + `) &&
		document.getElementById('search-view').dataset.loaded === (location.hash || '#/')`)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// monthEdges are stories on the last day of November and the first of
// December, the two sides of the month facet's range.
var monthEdges = []story{
	{key: "nov-last", source: "nextgov", published: "2026-11-30",
		title:  "Air Force closes November with a cloud task order award",
		text:   "The Air Force awarded a cloud task order on the last day of November.",
		labels: []string{"award"}, onTopic: true,
		evidence: [][3]string{{"award", "award.awarded", "awarded a cloud task order"}}},
	{key: "dec-first", source: "nextgov", published: "2026-12-01",
		title:  "Navy opens December with a cloud contract award",
		text:   "The Navy awarded a cloud contract on the first day of December.",
		labels: []string{"award"}, onTopic: true,
		evidence: [][3]string{{"award", "award.awarded", "awarded a cloud contract"}}},
}

// TestBrowserMonthFacet clicks the 2026-11 month facet: the page must show
// exactly the stories the facet counted, the 30 November one included and
// the 1 December one not (a bare until date includes its day).
func TestBrowserMonthFacet(t *testing.T) {
	f := newFixture(t, append(slices.Clone(corpus), monthEdges...), nil)
	var all govwire.SearchResult
	f.getJSON(t, "/v1/search", 200, &all)
	want := facetCount(all.Facets.Months, "2026-11")
	var nov govwire.SearchResult
	f.getJSON(t, "/v1/search?sort=date&since=2026-11-01&until=2026-11-30", 200, &nov)
	if want == 0 || int(nov.Total) != want {
		t.Fatalf("API: month facet 2026-11 counts %d, the November range has %d", want, nov.Total)
	}

	b := newBrowser(t)
	defer b.check(t)
	month := `button.facet-value[data-param="month"][data-value="2026-11"]`
	b.do(t, "click the month facet",
		chromedp.Navigate(f.srv.URL+"/"),
		loaded(""),
		chromedp.Click(month),
		loaded("month=2026-11"),
	)
	got := eval[[]string](t, b, hitTitles)
	if len(got) != want || !slices.Equal(got, titlesOf(nov)) {
		t.Errorf("month facet 2026-11 (counted %d) shows %d hits %q, want %q", want, len(got), got, titlesOf(nov))
	}
	if slices.Contains(got, monthEdges[1].title) || !slices.Contains(got, monthEdges[0].title) {
		t.Errorf("month facet 2026-11 shows %q: want 30 November in and 1 December out", got)
	}
	if pressed := eval[string](t, b, `document.querySelector('`+month+`').getAttribute('aria-pressed')`); pressed != "true" {
		t.Errorf("month button aria-pressed %q", pressed)
	}
}

// TestBrowserNoHits searches for a word no story has, under a filter: the
// page says so, offers ways out, and shows no empty filter headings.
func TestBrowserNoHits(t *testing.T) {
	f := newFixture(t, corpus, nil)
	b := newBrowser(t)
	defer b.check(t)
	b.do(t, "search for nothing",
		chromedp.Navigate(f.srv.URL+"/#/search?q=zzyzx&label=award"),
		loaded("q=zzyzx"),
	)
	status := eval[string](t, b, `document.getElementById('status').textContent`)
	if !strings.HasPrefix(status, "No stories for “zzyzx” with these filters") {
		t.Errorf("status %q", status)
	}
	hint := eval[string](t, b, `document.querySelector('.no-hits')?.textContent || ''`)
	for _, want := range []string{"Remove a filter", "label: award", "spelling", "Include off-topic stories", "Show every story"} {
		if !strings.Contains(hint, want) {
			t.Errorf("hint %q lacks %q", hint, want)
		}
	}
	if empty := eval[int](t, b, `[...document.querySelectorAll('#facets details.facet')].filter(d => !d.querySelector('button')).length`); empty != 0 {
		t.Errorf("%d filter headings with nothing under them", empty)
	}
	if pager := eval[string](t, b, `document.getElementById('pager').textContent`); pager != "" {
		t.Errorf("pager %q under no hits", pager)
	}
	b.screenshot(t, "/tmp/govwire-no-hits.png")
	// The active filter stays visible, so it can be removed from the side too.
	if n := eval[int](t, b, `document.querySelectorAll('#facets button.facet-value.on').length`); n != 1 {
		t.Errorf("%d active filter buttons, want the award label", n)
	}
	b.do(t, "remove the filter from the hint",
		chromedp.Click(`.no-hits a.remove-filter`),
		waitJS(`!location.hash.includes('label=')`),
		loaded("q=zzyzx"),
	)
	b.do(t, "show every story",
		chromedp.Click(`.no-hits a.show-all`),
		waitJS(`document.querySelector('#results .hit')`),
	)
	if eval[bool](t, b, `!!document.querySelector('.no-hits')`) {
		t.Error("the hint stays after a search with hits")
	}
}

// overlapping is a story whose on-topic span contains its protest span.
var overlapping = story{key: "overlap", source: "fedscoop", published: "2026-11-20",
	title:  "Amazon protests cloud award",
	text:   "Amazon filed a bid protest against the award of the cloud contract.",
	labels: []string{"protest"}, onTopic: true,
	evidence: [][3]string{
		{"on_topic", "topic.cloud-contract", "filed a bid protest against the award of the cloud contract"},
		{"protest", "protest.bid-protest", "bid protest"},
	}}

// TestBrowserEvidenceOverlapAndLegend opens an article whose evidence spans
// nest: the inner words take the protest colour and name protest first,
// and the legend lists only the colours the article uses.
func TestBrowserEvidenceOverlapAndLegend(t *testing.T) {
	f := newFixture(t, append(slices.Clone(corpus), overlapping), nil)
	b := newBrowser(t)
	defer b.check(t)
	b.do(t, "open the article",
		chromedp.Navigate(f.srv.URL+"/#/article/"+f.ids["overlap"]),
		waitJS(`document.querySelector('.article-text mark')`),
	)
	marks := eval[[]map[string]string](t, b, `[...document.querySelectorAll('.article-text mark.ev')].map(m =>
		({text: m.textContent, cls: m.className, title: m.title, label: m.dataset.label}))`)
	var inner bool
	for _, m := range marks {
		if m["text"] != "bid protest" {
			continue
		}
		inner = true
		if !strings.Contains(m["cls"], "ev-protest") || m["label"] != "protest" {
			t.Errorf("overlapped words %q coloured %q (label %q), want protest", m["text"], m["cls"], m["label"])
		}
		if first, _, _ := strings.Cut(m["title"], "\n"); first != "protest: rule protest.bid-protest" ||
			!strings.Contains(m["title"], "on topic: rule topic.cloud-contract") {
			t.Errorf("overlapped words titled %q, want the protest rule first and the on-topic rule after", m["title"])
		}
	}
	if !inner {
		t.Errorf("no mark holds exactly the inner span: %v", marks)
	}
	legend := eval[[]string](t, b, `[...document.querySelectorAll('.legend mark')].map(m => m.textContent)`)
	if !slices.Equal(legend, []string{"protest", "on topic"}) {
		t.Errorf("legend lists %q, want only protest and on topic", legend)
	}
	b.screenshot(t, "/tmp/govwire-overlap.png")
}

// TestBrowserCursorPaging follows Next with the API's search-after cursor
// (so paging goes on past the 10,000-result offset limit) and comes back
// with Previous.
func TestBrowserCursorPaging(t *testing.T) {
	f := newFixture(t, corpus, nil)
	addGenerated(t, f, 45)
	var p1 govwire.SearchResult
	f.getJSON(t, "/v1/search?sort=date&size=20", 200, &p1)
	var p2, p3 govwire.SearchResult
	f.getJSON(t, "/v1/search?sort=date&size=20&after="+url.QueryEscape(p1.Next), 200, &p2)
	f.getJSON(t, "/v1/search?sort=date&size=20&after="+url.QueryEscape(p2.Next), 200, &p3)
	if len(p3.Hits) == 0 {
		t.Fatalf("%d hits: too few for three pages", p1.Total)
	}

	b := newBrowser(t)
	defer b.check(t)
	b.do(t, "open", chromedp.Navigate(f.srv.URL+"/"), loaded(""))
	for i, want := range []govwire.SearchResult{p2, p3} {
		b.do(t, "next page",
			chromedp.Click(`#pager .next`),
			loaded("page="+string(rune('2'+i))),
		)
		if !eval[bool](t, b, `new URLSearchParams(location.hash.split('?')[1]).has('after')`) {
			t.Errorf("page %d was not reached by a cursor: %s", i+2, eval[string](t, b, `location.hash`))
		}
		if got := eval[[]string](t, b, hitTitles); !slices.Equal(got, titlesOf(want)) {
			t.Errorf("page %d shows %q, want %q", i+2, got, titlesOf(want))
		}
	}
	b.do(t, "previous page",
		chromedp.Click(`#pager .prev`),
		loaded("page=2"),
	)
	if got := eval[[]string](t, b, hitTitles); !slices.Equal(got, titlesOf(p2)) {
		t.Errorf("back on page 2 the page shows %q, want %q", got, titlesOf(p2))
	}
	b.do(t, "first page",
		chromedp.Click(`#pager .prev`),
		waitJS(`!location.hash.includes('page=')`),
		loaded(""),
	)
	if got := eval[[]string](t, b, hitTitles); !slices.Equal(got, titlesOf(p1)) {
		t.Errorf("back on page 1 the page shows %q, want %q", got, titlesOf(p1))
	}
}

// addGenerated stores and indexes n generated articles beside the corpus.
func addGenerated(t *testing.T, f *fixture, n int) {
	t.Helper()
	ctx := context.Background()
	for _, a := range genArticles(n) {
		a.ID, a.Seq = "", 0
		if _, err := f.store.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.index.CatchUp(ctx, f.store); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserPastTenThousand opens the page 501 of a 10,050-article
// index by its cursor (offset paging stops at 10,000): the page shows
// results 10,001-10,020, the ones the API gives for that cursor, and a Next
// link that goes on.
func TestBrowserPastTenThousand(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 10,050 articles")
	}
	ctx := context.Background()
	ix, err := index.NewMemory(slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	arts := genArticles(10050)
	for _, a := range arts { // short documents: indexing time is not what this tests
		a.Text, a.Evidence, a.Entities = a.Title, nil, nil
	}
	start := time.Now()
	for i := 0; i < len(arts); i += 1000 {
		if err := ix.Index(ctx, arts[i:min(i+1000, len(arts))]); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("indexed %d articles in %v", len(arts), time.Since(start))
	f := newFixture(t, nil, func(c *api.Config) { c.Searcher = ix })
	// The deepest offset page (results 9,901-10,000) gives the cursor past it.
	var last govwire.SearchResult
	f.getJSON(t, "/v1/search?sort=date&size=100&page=100", 200, &last)
	after := last.Next
	if after == "" {
		t.Fatal("API: no next cursor on the page ending at result 10,000")
	}
	var want govwire.SearchResult
	f.getJSON(t, "/v1/search?sort=date&size=20&after="+url.QueryEscape(after), 200, &want)
	if want.Total < 10040 || len(want.Hits) != 20 {
		t.Fatalf("API: %d in all, %d hits after result 10,000", want.Total, len(want.Hits))
	}

	b := newBrowser(t)
	defer b.check(t)
	deep := url.Values{"sort": {"date"}, "after": {after}, "page": {"501"}}
	b.do(t, "open page 501",
		chromedp.Navigate(f.srv.URL+"/#/search?"+deep.Encode()),
		loaded("page=501"),
	)
	if got := eval[[]string](t, b, hitTitles); !slices.Equal(got, titlesOf(want)) {
		t.Errorf("page 501 shows %q, want %q (status %q)", got, titlesOf(want),
			eval[string](t, b, `document.getElementById('status').textContent`))
	}
	if pager := eval[string](t, b, `document.getElementById('pager').textContent`); !strings.Contains(pager, "Page 501 of 503") || !strings.Contains(pager, "Next") {
		t.Errorf("pager %q, want page 501 of 503 with a Next link", pager)
	}
	b.do(t, "next page", chromedp.Click(`#pager .next`), loaded("page=502"))
	if n := eval[int](t, b, `document.querySelectorAll('#results .hit').length`); n != 20 {
		t.Errorf("page 502 shows %d hits", n)
	}
}
