package backfill

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/ingest"
)

// wantPaths lists the article paths a backfill of [since, until) should
// fetch: dated in the window and not disallowed, newest first.
func wantPaths(since, until time.Time) []string {
	var out []string
	for i := nArticles - 1; i >= 0; i-- {
		d := articleDate(i)
		if i < 250 { // the gzipped sitemap gives days
			d = d.Truncate(24 * time.Hour)
		}
		if (!since.IsZero() && d.Before(since)) || (!until.IsZero() && !d.Before(until)) || i%50 == 49 {
			continue
		}
		out = append(out, articlePath(i))
	}
	return out
}

func TestBackfillSinceFetchesExactlyTheWindow(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	e := newEnv(t, s, 0)
	since := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	e.b.opts.Concurrency = 1 // newest first is then the order of the requests
	sum, err := e.b.Run(ctx, Request{Source: e.src, Since: since})
	if err != nil {
		t.Fatal(err)
	}
	want := wantPaths(since, time.Time{})
	got := s.pagePaths()
	if !slices.Equal(got, want) {
		t.Fatalf("fetched %d pages %v\nwant %d %v", len(got), got, len(want), want)
	}
	if sum.Failed != 0 || sum.Fetched != len(want) || sum.New != len(want) || sum.Discovered != nArticles || sum.SkippedBy[SkipWindow] == 0 {
		t.Errorf("summary %+v, want %d fetched and new of %d discovered", sum, len(want), nArticles)
	}
	if s.count("/robots.txt") != 1 || s.count("/sitemap_index.xml") != 1 || s.count("/news-sitemap.xml") != 1 {
		t.Errorf("robots.txt, index and news sitemap fetched %d, %d, %d times, want once each",
			s.count("/robots.txt"), s.count("/sitemap_index.xml"), s.count("/news-sitemap.xml"))
	}
	// The newest news-sitemap article: via sitemap, the listing, the news date and title.
	id, ok, err := e.db.SeenURL(ctx, s.srv.URL+articlePath(297))
	if err != nil || !ok {
		t.Fatalf("newest article not stored: %v", err)
	}
	a, _ := e.db.Article(ctx, id)
	if a.Via != govwire.ViaSitemap || a.Provenance == nil || a.Provenance.Listing != s.srv.URL+"/news-sitemap.xml" ||
		!a.Published.Equal(articleDate(297)) || a.Source != "ledger" || !a.OnTopic {
		t.Errorf("stored %+v via %q provenance %+v published %v", a.Title, a.Via, a.Provenance, a.Published)
	}
}

func TestBackfillUntilAndMax(t *testing.T) {
	s := newSite(t)
	e := newEnv(t, s, 0)
	e.b.opts.Concurrency = 1
	since, until := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	sum, err := e.b.Run(context.Background(), Request{Source: e.src, Since: since, Until: until, Max: 10})
	if err != nil {
		t.Fatal(err)
	}
	want := wantPaths(since, until)
	if got := s.pagePaths(); !slices.Equal(got, want[:10]) {
		t.Errorf("fetched %v, want the 10 newest of the window %v", got, want[:10])
	}
	if sum.SkippedBy[SkipMax] != len(want)-10 || sum.Fetched != 10 {
		t.Errorf("summary %+v %v, want 10 fetched and %d over --max", sum, sum.SkippedBy, len(want)-10)
	}
}

// TestBackfillResumes cancels a run after 20 page fetches, as Ctrl-C
// does; the second run fetches the rest and no page twice, and a third
// fetches no page and skips the finished sitemaps.
func TestBackfillResumes(t *testing.T) {
	s := newSite(t)
	e := newEnv(t, s, 0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	s.onPage = func(int) {
		if n++; n == 20 {
			cancel()
		}
	}
	first, err := e.b.Run(ctx, Request{Source: e.src})
	if err == nil {
		t.Fatal("cancelled run returned no error")
	}
	s.mu.Lock()
	s.onPage = nil
	s.mu.Unlock()
	second, err := e.b.Run(context.Background(), Request{Source: e.src})
	if err != nil {
		t.Fatal(err)
	}
	paths := s.pagePaths()
	seen := map[string]int{}
	for _, p := range paths {
		seen[p]++
	}
	for p, k := range seen {
		if k > 1 {
			t.Errorf("%s fetched %d times", p, k)
		}
	}
	all := wantPaths(time.Time{}, time.Time{})
	stored, _ := e.db.CountArticles(context.Background(), govwire.ArticleFilter{})
	if len(seen) != len(all) || stored != len(all) {
		t.Errorf("fetched %d distinct pages, stored %d, want %d (first %s; second %s)", len(seen), stored, len(all), first, second)
	}
	if second.SkippedBy[ingest.SkipStored] == 0 {
		t.Errorf("second run skipped nothing as stored: %+v", second)
	}
	before := len(paths)
	third, err := e.b.Run(context.Background(), Request{Source: e.src})
	if err != nil || len(s.pagePaths()) != before || third.SkippedBy[SkipDone] != 2 {
		t.Errorf("third run: %+v, %v; %d page fetches, want none and both sitemaps done", third, err, len(s.pagePaths())-before)
	}
}

// TestBackfillPoliteness: one request per interval to the host, and
// robots.txt's Disallow is obeyed.
func TestBackfillPoliteness(t *testing.T) {
	s := newSite(t)
	const interval = 60 * time.Millisecond
	e := newEnv(t, s, interval)
	sum, err := e.b.Run(context.Background(), Request{Source: e.src, Since: articleDate(230), Max: 8})
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	reqs := slices.Clone(s.reqs)
	s.mu.Unlock()
	// The limiter spaces the sends; what the server sees also carries each
	// request's own delay, so single gaps get some slack and the whole run
	// must span the intervals.
	var spaced []request
	for _, r := range reqs {
		if r.path != "/robots.txt" { // robots.txt is exempt (fetched once per host)
			spaced = append(spaced, r)
		}
	}
	for i := 1; i < len(spaced); i++ {
		if gap := spaced[i].at.Sub(spaced[i-1].at); gap < interval/3 {
			t.Errorf("%s then %s only %s apart, want about %s", spaced[i-1].path, spaced[i].path, gap, interval)
		}
	}
	if span, want := spaced[len(spaced)-1].at.Sub(spaced[0].at), time.Duration(len(spaced)-1)*interval*9/10; span < want {
		t.Errorf("%d requests in %s, want at least %s", len(spaced), span, want)
	}
	for _, p := range s.pagePaths() {
		if strings.HasPrefix(p, "/private/") {
			t.Errorf("disallowed %s fetched", p)
		}
	}
	if sum.SkippedBy[SkipRobots] == 0 {
		t.Errorf("nothing skipped for robots.txt: %+v", sum)
	}
}

// TestBackfillUndatedListingUsesPageDate serves a sitemap without dates:
// with a window, every URL is fetched (it cannot be judged unseen) and
// only pages whose own date is in the window are stored; a page with no
// date anywhere is skipped with its reason, and a rerun fetches nothing.
func TestBackfillUndatedListingUsesPageDate(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	const first, last = 200, 230 // the sitemap lists articles 200..229
	undated := first + 3         // this one's page carries no date either
	s.routes["/sitemap_index.xml"] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := first; i < last; i++ {
			fmt.Fprintf(w, "<url><loc>%s%s</loc></url>\n", s.srv.URL, articlePath(i))
		}
		fmt.Fprint(w, "</urlset>")
	}
	s.routes[articlePath(undated)] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, strings.Replace(articleHTML(undated), "article:published_time", "x-no-date", 1))
	}
	e := newEnv(t, s, 0)
	since, until := articleDate(210), articleDate(220)
	sum, err := e.b.Run(ctx, Request{Source: e.src, Since: since, Until: until})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(s.pagePaths()); got != last-first {
		t.Errorf("fetched %d pages, want every undated URL (%d)", got, last-first)
	}
	var want []int
	for i := first; i < last; i++ {
		d := articleDate(i)
		if i != undated && !d.Before(since) && d.Before(until) {
			want = append(want, i)
		}
	}
	if sum.New != len(want) || sum.SkippedBy[SkipNoDate] != 1 || sum.SkippedBy[SkipWindow] != last-first-1-len(want) || sum.Fetched != last-first {
		t.Errorf("summary %+v %v, want %d new, 1 without a date, %d outside the window", sum, sum.SkippedBy, len(want), last-first-1-len(want))
	}
	for i := first; i < last; i++ {
		_, stored, err := e.db.SeenURL(ctx, s.srv.URL+articlePath(i))
		if err != nil {
			t.Fatal(err)
		}
		if stored != slices.Contains(want, i) {
			t.Errorf("article %d (%s) stored %v, want %v", i, articleDate(i).Format(time.DateOnly), stored, !stored)
		}
	}
	before := len(s.pagePaths())
	if _, err := e.b.Run(ctx, Request{Source: e.src, Since: since, Until: until}); err != nil {
		t.Fatal(err)
	}
	if got := len(s.pagePaths()) - before; got != 0 {
		t.Errorf("rerun fetched %d pages, want 0 (the listing is done)", got)
	}
}
