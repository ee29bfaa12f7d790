package backfill

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

// feedPage writes an Atom feed page of articles [from, to) (newest first),
// linking to prev when it is not "".
func feedPage(s *site, from, to int, prev string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Ledger</title><id>urn:ledger</id><updated>2026-12-01T00:00:00Z</updated>`)
		if prev != "" {
			fmt.Fprintf(w, `<link rel="prev-archive" href="%s"/>`, prev)
		}
		for i := to - 1; i >= from; i-- {
			fmt.Fprintf(w, `<entry><title>Story %d</title><id>urn:%d</id><link href="%s%s"/><updated>%s</updated></entry>`,
				i, i, s.srv.URL, articlePath(i), articleDate(i).Format(time.RFC3339))
		}
		fmt.Fprint(w, `</feed>`)
	}
}

// archiveSite has no sitemap: an RFC 5005 archive of 40 articles, 10 per
// document: the feed (30-39), archive/3 (20-29), archive/2, archive/1.
func archiveSite(t *testing.T) *site {
	s := newSite(t)
	delete(s.routes, "/sitemap_index.xml")
	s.routes["/robots.txt"] = func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nDisallow:\n") }
	s.routes["/feed.xml"] = feedPage(s, 30, 40, "/archive/3.xml")
	s.routes["/archive/3.xml"] = feedPage(s, 20, 30, "/archive/2.xml")
	s.routes["/archive/2.xml"] = feedPage(s, 10, 20, "/archive/1.xml")
	s.routes["/archive/1.xml"] = feedPage(s, 0, 10, "")
	return s
}

func TestBackfillRFC5005Archive(t *testing.T) {
	s := archiveSite(t)
	e := newEnv(t, s, 0)
	since := articleDate(15)
	sum, err := e.b.Run(context.Background(), Request{Source: e.src, Since: since})
	if err != nil {
		t.Fatal(err)
	}
	// 15-39 are in the window; 30-39 are in the feed itself, which ingest
	// reads: the archive gives 15-29. archive/1 is never read (archive/2
	// already reaches before the window, and archives run from new to old).
	if sum.New != 15 || sum.Failed != 0 || s.count("/archive/1.xml") != 0 || s.count("/archive/2.xml") != 1 {
		t.Errorf("summary %+v %v; archive/1 read %d times", sum, sum.Errors, s.count("/archive/1.xml"))
	}
	id, ok, _ := e.db.SeenURL(context.Background(), s.srv.URL+articlePath(20))
	if !ok {
		t.Fatal("article 20 not stored")
	}
	a, _ := e.db.Article(context.Background(), id)
	if a.Via != govwire.ViaArchive || a.Provenance == nil || a.Provenance.Listing != s.srv.URL+"/archive/3.xml" || !a.Published.Equal(articleDate(20)) {
		t.Errorf("article 20: via %q provenance %+v published %v", a.Via, a.Provenance, a.Published)
	}
	// Again: the archive pages are done, nothing is fetched.
	before := len(s.pagePaths())
	again, err := e.b.Run(context.Background(), Request{Source: e.src, Since: since})
	if err != nil || len(s.pagePaths()) != before || again.SkippedBy[SkipDone] != 2 {
		t.Errorf("second run %+v %v %v, %d new page fetches", again, again.SkippedBy, err, len(s.pagePaths())-before)
	}
}

func TestBackfillArchiveLoop(t *testing.T) {
	s := archiveSite(t)
	s.routes["/archive/1.xml"] = feedPage(s, 0, 10, "/archive/3.xml")
	e := newEnv(t, s, 0)
	sum, err := e.b.Run(context.Background(), Request{Source: e.src})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 1 || !strings.Contains(sum.Errors[0].Error, "feed archive loop") || s.count("/archive/3.xml") != 1 || sum.New != 30 {
		t.Errorf("summary %+v %v", sum, sum.Errors)
	}
}

// TestBackfillWordPressPaged: a WordPress feed without archive links is
// read page by page (?paged=2, 3...) until a page is missing.
func TestBackfillWordPressPaged(t *testing.T) {
	s := newSite(t)
	delete(s.routes, "/sitemap_index.xml")
	s.routes["/robots.txt"] = func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }
	s.routes["/feed.xml"] = func(w http.ResponseWriter, r *http.Request) {
		page := 1
		fmt.Sscan(r.URL.Query().Get("paged"), &page)
		if page > 3 {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title><link>%s/</link><generator>https://wordpress.org/?v=6.4.2</generator>`, s.srv.URL)
		for i := 30 - (page-1)*10 - 1; i >= 30-page*10; i-- {
			fmt.Fprintf(w, `<item><title>Story %d</title><link>%s%s</link><pubDate>%s</pubDate></item>`, i, s.srv.URL, articlePath(i), articleDate(i).Format(time.RFC1123Z))
		}
		fmt.Fprint(w, `</channel></rss>`)
	}
	e := newEnv(t, s, 0)
	sum, err := e.b.Run(context.Background(), Request{Source: e.src})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 20 || sum.Failed != 0 {
		t.Errorf("summary %+v %v, want the 20 articles of pages 2 and 3", sum, sum.Errors)
	}
}
