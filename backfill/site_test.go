package backfill

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/classify"
	"github.com/govwire/govwire/ingest"
	"github.com/govwire/govwire/store"
)

// The test site: 300 articles, one every 3.65 days from 2024-01-01 to the
// end of 2026; every 50th is under /private/, which robots.txt disallows.
// robots.txt names a sitemap index of two sitemaps: a gzipped standard
// sitemap with lastmod dates for the 250 oldest, a Google News sitemap
// with publication dates for the 50 newest.
const nArticles = 300

var siteStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func articleDate(i int) time.Time {
	return siteStart.Add(time.Duration(i) * 3650 * time.Minute * 24 / 10)
}

func articlePath(i int) string {
	if i%50 == 49 {
		return fmt.Sprintf("/private/%d", i)
	}
	return fmt.Sprintf("/a/%d", i)
}

// site is a loopback news site that records every request.
type site struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []request
	// onPage, if set, runs before each article page is served.
	onPage func(n int)
	// routes override or add paths.
	routes map[string]http.HandlerFunc
}

type request struct {
	path string
	at   time.Time
}

func newSite(t testing.TB) *site {
	t.Helper()
	s := &site{routes: map[string]http.HandlerFunc{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	s.routes["/robots.txt"] = func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "User-agent: *\nDisallow: /private/\n\nSitemap: %s/sitemap_index.xml\n", s.srv.URL)
	}
	s.routes["/feed.xml"] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title><link>%s/</link>
<item><title>Story %d</title><link>%s%s</link><pubDate>%s</pubDate></item></channel></rss>`,
			s.srv.URL, nArticles-1, s.srv.URL, articlePath(nArticles-1), articleDate(nArticles-1).Format(time.RFC1123Z))
	}
	s.routes["/sitemap_index.xml"] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>%s/sitemap-archive.xml.gz</loc><lastmod>%s</lastmod></sitemap>
  <sitemap><loc>%s/news-sitemap.xml</loc><lastmod>%s</lastmod></sitemap>
</sitemapindex>`, s.srv.URL, articleDate(249).Format(time.RFC3339), s.srv.URL, articleDate(nArticles-1).Format(time.RFC3339))
	}
	s.routes["/sitemap-archive.xml.gz"] = func(w http.ResponseWriter, r *http.Request) {
		var b bytes.Buffer
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := range 250 {
			fmt.Fprintf(&b, "<url><loc>%s%s</loc><lastmod>%s</lastmod></url>\n", s.srv.URL, articlePath(i), articleDate(i).Format("2006-01-02"))
		}
		b.WriteString("</urlset>")
		w.Header().Set("Content-Type", "application/x-gzip")
		zw := gzip.NewWriter(w)
		zw.Write(b.Bytes())
		zw.Close()
	}
	s.routes["/news-sitemap.xml"] = func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">`)
		for i := 250; i < nArticles; i++ {
			fmt.Fprintf(w, `<url><loc>%s%s</loc><news:news><news:publication><news:name>Ledger</news:name><news:language>en</news:language></news:publication>
<news:publication_date>%s</news:publication_date><news:title>Story %d</news:title></news:news></url>`, s.srv.URL, articlePath(i), articleDate(i).Format(time.RFC3339), i)
		}
		fmt.Fprint(w, "</urlset>")
	}
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.reqs = append(s.reqs, request{path: r.URL.Path, at: time.Now()})
	h, ok := s.routes[r.URL.Path]
	onPage := s.onPage
	s.mu.Unlock()
	if ok {
		h(w, r)
		return
	}
	var n int
	if _, err := fmt.Sscanf(strings.TrimPrefix(strings.TrimPrefix(r.URL.Path, "/private"), "/a"), "/%d", &n); err != nil || n < 0 || n >= nArticles {
		http.NotFound(w, r)
		return
	}
	if onPage != nil {
		onPage(n)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, articleHTML(n))
}

// articleHTML is article n: every third about a cloud contract award.
func articleHTML(n int) string {
	title := fmt.Sprintf("Council %d approves new park budget", n)
	body := []string{
		fmt.Sprintf("The town council number %d approved a budget for a new park on Tuesday after a long debate between members.", n),
		"Work on the paths, the playground and the lake will begin in the spring and should be finished within a year.",
	}
	if n%3 == 0 {
		title = fmt.Sprintf("Agency %d awards cloud contract", n)
		body = []string{
			fmt.Sprintf("The Department of Defense awarded a $%d million cloud computing contract to Amazon Web Services on Tuesday.", 10+n),
			"The contract covers hosting, storage and computing for military units across the world over five years.",
		}
	}
	return fmt.Sprintf(`<!doctype html><html><head><title>%s</title><meta property="article:published_time" content="%s"></head>
<body><article><h1>%s</h1><p>%s</p><p>%s</p></article></body></html>`, title, articleDate(n).Format(time.RFC3339), title, body[0], body[1])
}

// pagePaths returns the article paths requested, in order.
func (s *site) pagePaths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, r := range s.reqs {
		if strings.HasPrefix(r.path, "/a/") || strings.HasPrefix(r.path, "/private/") {
			out = append(out, r.path)
		}
	}
	return out
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.reqs {
		if r.path == path {
			n++
		}
	}
	return n
}

// env is a real store and rules, and a backfiller for the site's source.
type env struct {
	db  *store.DB
	in  *ingest.Ingester
	b   *Backfiller
	src govwire.Source
}

func newEnv(t testing.TB, s *site, interval time.Duration) *env {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "govwire.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return newEnvOn(t, s, db, interval)
}

func newEnvOn(t testing.TB, s *site, db *store.DB, interval time.Duration) *env {
	t.Helper()
	rules, err := classify.Load("")
	if err != nil {
		t.Fatal(err)
	}
	cfg := govwire.DefaultFetchConfig()
	cfg.AllowNetworks = []string{"127.0.0.1/32"}
	cfg.PerHostInterval = interval
	cfg.Timeout = 10 * time.Second
	in, err := ingest.New(ingest.Options{Fetch: cfg, Store: db, Classifier: func() govwire.Classifier { return rules }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(in.Close)
	b, err := New(Options{Ingester: in, Progress: db})
	if err != nil {
		t.Fatal(err)
	}
	return &env{db: db, in: in, b: b, src: govwire.Source{Name: "ledger", URL: s.srv.URL + "/feed.xml"}}
}
