package api_test

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/govwire/govwire"
)

// entityLoaded waits until the entity view shows the page at hash.
func entityLoaded(hashHas string) chromedp.Action[chromedp.Void] {
	return waitJS(`location.hash.includes(` + jsString(hashHas) + `) &&
		document.getElementById('entity-view').dataset.loaded === location.hash &&
		!document.getElementById('entity-view').hidden`)
}

// chartTable is the JavaScript that reads a chart's table: one row per
// month with its stories and label counts.
const chartTable = `[...document.querySelectorAll(SCOPE + ' table.chart-table tbody tr')].map(tr =>
	[...tr.children].map(c => c.textContent))`

// TestBrowserEntityPage opens a programme page from a search result, reads
// the chart's table, clicks a month's bar and sees the search filtered to
// that programme and month; then the same at 375 px.
func TestBrowserEntityPage(t *testing.T) {
	af := newArcFixture(t, false)
	b := newBrowser(t)
	defer b.check(t)

	// A search, a hit, and the programme named in the article.
	var res govwire.SearchResult
	af.getJSON(t, "/v1/search?q=Oracle+protests+JEDI&size=1", 200, &res)
	if len(res.Hits) == 0 {
		t.Fatal("no hit for Oracle protests JEDI")
	}
	b.do(t, "search",
		chromedp.Navigate(af.srv.URL+"/#/search?q="+url.QueryEscape("Oracle protests JEDI")),
		loaded("q=Oracle"),
		waitJS(`document.querySelector('#chart svg .chart-bar')`),
		chromedp.Click(`#results .hit-title a`),
		waitJS(`document.querySelector('#article-view h1')`),
		chromedp.Click(`#article-view .entities a[href="#/entity/programme/JEDI"]`),
		entityLoaded("#/entity/programme/JEDI"),
	)
	var page govwire.EntityPage
	af.getJSON(t, "/v1/entities/programme/JEDI", 200, &page)
	rows := eval[[][]string](t, b, "(() => { const SCOPE = '#entity-view'; return "+chartTable+"; })()")
	var want [][]string
	for _, m := range page.Months {
		row := []string{m.Month, strconv.Itoa(m.Total)}
		for _, l := range []string{"award", "protest", "allegation", "bid"} {
			row = append(row, strconv.Itoa(m.Labels[l]))
		}
		want = append(want, row)
	}
	if !slices.EqualFunc(rows, want, slices.Equal[[]string]) {
		t.Errorf("the chart's table reads %q, the API says %q", rows, want)
	}
	if h1 := eval[string](t, b, `document.querySelector('#entity-view h1').textContent`); h1 != "JEDI programme" {
		t.Errorf("entity page heading %q", h1)
	}
	events := eval[int](t, b, `document.querySelectorAll('#entity-view .events > li').length`)
	milestones := eval[[]string](t, b, `[...document.querySelectorAll('#entity-view .milestone-name')].map(m => m.textContent)`)
	if events != len(arcSteps) || !slices.Contains(milestones, "Protest sustained") || !slices.Contains(milestones, "Re-award") {
		t.Errorf("timeline: %d events with milestones %q", events, milestones)
	}
	// Each event is a point on the axis coloured by its key sentence's
	// label, else by its first label in the chart's stacking order.
	var tl govwire.Timeline
	af.getJSON(t, "/v1/timeline?programme=JEDI", 200, &tl)
	var wantDots []string
	for _, e := range tl.Events {
		dot := "seg-none"
		for _, l := range []string{"award", "protest", "allegation", "bid"} {
			if slices.Contains(e.Labels, l) {
				dot = "seg-" + l
				break
			}
		}
		if e.Evidence != nil && slices.Contains([]string{"award", "protest", "allegation", "bid"}, e.Evidence.Label) {
			dot = "seg-" + e.Evidence.Label
		}
		wantDots = append(wantDots, dot)
	}
	dots := eval[[]string](t, b, `[...document.querySelectorAll('#entity-view .events > li > .event-dot')].map(d => d.classList[1])`)
	if !slices.Equal(dots, wantDots) || !slices.Contains(dots, "seg-protest") || !slices.Contains(dots, "seg-award") {
		t.Errorf("timeline points %q, want %q (protests and awards among them)", dots, wantDots)
	}

	// Click May 2025 (the two protests): the search shows JEDI's May stories.
	b.do(t, "click a month",
		chromedp.Click(`#entity-view a.chart-bar[data-month="2025-05"]`),
		loaded("month=2025-05"),
	)
	if h := eval[string](t, b, `location.hash`); h != "#/search?programme=JEDI&month=2025-05" {
		t.Errorf("the bar led to %s", h)
	}
	var may govwire.SearchResult
	af.getJSON(t, "/v1/search?programme=JEDI&since=2025-05-01&until=2025-05-31&sort=date", 200, &may)
	titles := eval[[]string](t, b, hitTitles)
	var wantTitles []string
	for _, h := range may.Hits {
		wantTitles = append(wantTitles, h.Title)
	}
	if len(titles) == 0 || !slices.Equal(titles, wantTitles) {
		t.Errorf("the filtered search shows %q, want %q", titles, wantTitles)
	}
	// The search's own timeline, opened from the chart, lists the same
	// events as /v1/timeline for that search, oldest first.
	var mayTL govwire.Timeline
	af.getJSON(t, "/v1/timeline?programme=JEDI&since=2025-05-01&until=2025-05-31", 200, &mayTL)
	var wantEvents []string
	for _, e := range mayTL.Events {
		wantEvents = append(wantEvents, e.Title)
	}
	b.do(t, "search timeline",
		waitJS(`document.getElementById('chart').dataset.loaded === location.hash`),
		chromedp.Focus(`#chart .search-timeline > summary`),
		chromedp.KeyEvent("\r"),
		waitJS(`document.querySelector('#chart .search-timeline-body').dataset.loaded === "1"`),
	)
	gotEvents := eval[[]string](t, b, `[...document.querySelectorAll('#chart .search-timeline .event-title')].map(h => h.textContent)`)
	if len(wantEvents) == 0 || !slices.Equal(gotEvents, wantEvents) {
		t.Errorf("search timeline shows %q, want %q", gotEvents, wantEvents)
	}
	// The search page's own chart has one bar with stories: May.
	b.do(t, "search chart", waitJS(`document.getElementById('chart').dataset.loaded === location.hash`))
	searchRows := eval[[][]string](t, b, "(() => { const SCOPE = '#chart'; return "+chartTable+"; })()")
	if len(searchRows) != 1 || searchRows[0][0] != "2025-05" || searchRows[0][1] != strconv.Itoa(len(wantTitles)) {
		t.Errorf("search chart table %q, want May 2025 with %d", searchRows, len(wantTitles))
	}

	for i, step := range []struct {
		path  string
		ready chromedp.Action[chromedp.Void]
	}{
		{"/#/entity/programme/JEDI", entityLoaded("#/entity/programme/JEDI")},
		{"/#/search?programme=JEDI", waitJS(`document.getElementById('chart').dataset.loaded === location.hash && document.getElementById('search-view').dataset.loaded === location.hash`)},
	} {
		b.do(t, "narrow "+step.path,
			chromedp.EmulateViewport(375, 740),
			chromedp.Navigate(af.srv.URL+"/"),
			loaded(""),
			chromedp.Navigate(af.srv.URL+step.path),
			step.ready,
		)
		if overflow := eval[int](t, b, `document.documentElement.scrollWidth - window.innerWidth`); overflow > 0 {
			t.Errorf("%s: %dpx wider than a 375px screen", step.path, overflow)
		}
		b.screenshot(t, fmt.Sprintf("/tmp/govwire-entity-narrow-%d.png", i))
	}
}

// TestAccessibilityEntityPage runs axe-core over an entity page and over a
// search page with its chart (TestAccessibility covers the search, article
// and digest pages), failing on serious or critical violations.
func TestAccessibilityEntityPage(t *testing.T) {
	src := axeSource(t)
	af := newArcFixture(t, false)
	b := newBrowser(t)
	defer b.check(t)
	for _, p := range []struct {
		name, path string
		ready      chromedp.Action[chromedp.Void]
	}{
		{"entity page", "/#/entity/programme/JEDI", entityLoaded("#/entity/programme/JEDI")},
		{"search with chart and entity links", "/#/search?q=JEDI", waitJS(`document.querySelector('#chart .entity-hints') && document.getElementById('search-view').dataset.loaded === location.hash`)},
	} {
		b.do(t, "open "+p.name, chromedp.Navigate(af.srv.URL+"/"), loaded(""), chromedp.Navigate(af.srv.URL+p.path), p.ready)
		axeCheck(t, b, src, p.name)
	}
}
