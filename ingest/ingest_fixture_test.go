package ingest

import (
	"context"
	"fmt"
	"html"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/store"
)

// keywordClassifier is a tiny classifier for tests: on topic when the text
// mentions "cloud", labelled with every label word it contains.
type keywordClassifier struct{ ruleset string }

func (k keywordClassifier) Ruleset() string { return k.ruleset }

func (k keywordClassifier) Classify(d govwire.Document) govwire.Classification {
	text := strings.ToLower(d.Title + " " + d.Text)
	c := govwire.Classification{Ruleset: k.ruleset, Scores: map[string]float64{}, Labels: []string{}}
	c.OnTopic = strings.Contains(text, "cloud")
	for _, l := range govwire.Labels {
		if c.OnTopic && strings.Contains(text, l) {
			c.Labels = append(c.Labels, l)
			c.Scores[l] = 1
		}
	}
	sort.Strings(c.Labels)
	return c
}

// countingClassifier counts Classify calls.
type countingClassifier struct {
	keywordClassifier
	calls *atomic.Int32
}

func (c countingClassifier) Classify(d govwire.Document) govwire.Classification {
	c.calls.Add(1)
	return c.keywordClassifier.Classify(d)
}

// vocabulary for generated story text: each story draws its own random
// word sequence, so two stories share no 5-word shingle by accident.
var vocabulary = strings.Fields(`agency budget vendor contract hosting data centre region secure network
	migration program office review schedule option period task order analyst official lawmaker committee
	auditor report estimate billion million workload platform service provider team bidder proposal price
	technical evaluation debrief filing decision spring summer winter autumn week month year quarter plan
	staff cleared facility tactical edge archive records system integration support operation mission
	portal identity storage compute backup recovery licence framework lot tender council ministry board
	department navy army treasury health transport energy weather census courts police customs borders
	river harbour bridge railway airport school library museum hospital clinic laboratory satellite radio
	signal sensor software hardware upgrade legacy mainframe terminal cable fibre tower switch router
	policy guidance memo letter hearing testimony statement spokesperson director deputy chief secretary
	minister governor mayor senator member chair ranking veteran contractor subcontractor partner startup`)

// story is one generated article.
type story struct {
	Slug, Title, Marker string
	Paras               []string
	Published           time.Time
}

// newStory writes a story of about words words; marker is a sentence
// that only this story contains, keyword a word the classifier labels.
func newStory(seed uint64, slug, keyword string, words int) story {
	r := rand.New(rand.NewPCG(seed, seed*7+1))
	s := story{Slug: slug, Title: fmt.Sprintf("Cloud %s story %s", keyword, slug),
		Marker:    fmt.Sprintf("Marker sentence for %s mentions the %s clearly.", slug, keyword),
		Published: time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC).Add(time.Duration(seed%97) * time.Hour)}
	s.Paras = append(s.Paras, s.Marker+" The cloud deal is the subject of this report.")
	for n := 0; n < words; {
		var p []string
		for range 3 + r.IntN(3) {
			k := 10 + r.IntN(10)
			sent := make([]string, k)
			for i := range sent {
				sent[i] = vocabulary[r.IntN(len(vocabulary))]
			}
			sent[0] = strings.ToUpper(sent[0][:1]) + sent[0][1:]
			p = append(p, strings.Join(sent, " ")+".")
			n += k
		}
		s.Paras = append(s.Paras, strings.Join(p, " "))
	}
	return s
}

// page renders s as an outlet's article page, with navigation, a sidebar,
// comments and a footer around it.
func (s story) page(outlet, canonical string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s | %s</title>`, html.EscapeString(s.Title), outlet)
	if canonical != "" {
		fmt.Fprintf(&b, `<link rel="canonical" href="%s">`, canonical)
	}
	fmt.Fprintf(&b, `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":%q,"datePublished":%q,"author":{"@type":"Person","name":"Staff of %s"}}</script>`,
		s.Title, s.Published.Format(time.RFC3339), outlet)
	fmt.Fprintf(&b, `</head><body><header><a class="logo" href="/">%s</a><nav><ul><li><a href="/politics">Politics section</a></li><li><a href="/tech">Technology section</a></li><li><a href="/subscribe">Subscribe now for full access</a></li></ul></nav></header>`, outlet)
	fmt.Fprintf(&b, `<main><article><h1>%s</h1><p class="byline">By Staff of %s</p>`, html.EscapeString(s.Title), outlet)
	for _, p := range s.Paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
	}
	b.WriteString(`</article><section id="comments" class="comments"><h3>Comments</h3><div class="comment"><p>Reader one says this furniture comment must never be extracted.</p></div></section></main>`)
	b.WriteString(`<aside class="sidebar"><h3>Most popular</h3><ul><li><a href="/x">Sidebar headline about a county fair</a></li><li><a href="/y">Sidebar headline about a marathon</a></li></ul></aside>`)
	fmt.Fprintf(&b, `<footer><p>Footer: copyright %s, all rights reserved.</p></footer></body></html>`, outlet)
	return b.String()
}

// feedEntry is one item in a served feed.
type feedEntry struct {
	Path, Title string
	Published   time.Time
	Updated     time.Time // zero: none
}

// site is an httptest server with feeds and pages that counts hits and
// honours If-None-Match.
type site struct {
	srv *httptest.Server

	mu        sync.Mutex
	feeds     map[string]string // path -> RSS document
	etags     map[string]string
	pages     map[string]string
	status    map[string]int // forced status per path
	hits      map[string]int
	pageHits  int
	feedHits  int
	notMod    int
	pageDelay time.Duration
}

func newSite(t testing.TB) *site {
	s := &site{feeds: map[string]string{}, etags: map[string]string{}, pages: map[string]string{},
		status: map[string]int{}, hits: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) url(path string) string { return s.srv.URL + path }

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	feed, isFeed := s.feeds[r.URL.Path]
	etag := s.etags[r.URL.Path]
	page, isPage := s.pages[r.URL.Path]
	code := s.status[r.URL.Path]
	delay := s.pageDelay
	switch {
	case isFeed:
		s.feedHits++
	case isPage:
		s.pageHits++
	}
	notMod := isFeed && etag != "" && r.Header.Get("If-None-Match") == etag
	if notMod {
		s.notMod++
	}
	s.mu.Unlock()
	switch {
	case code != 0:
		http.Error(w, "forced failure", code)
	case notMod:
		w.WriteHeader(http.StatusNotModified)
	case isFeed:
		if etag != "" {
			w.Header().Set("ETag", etag)
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		_, _ = w.Write([]byte(feed))
	case isPage:
		if delay > 0 {
			time.Sleep(delay)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(page))
	default:
		http.NotFound(w, r)
	}
}

// setFeed serves an RSS 2.0 feed of entries at path with the given ETag.
func (s *site) setFeed(path, etag string, entries []feedEntry) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Test feed</title>`)
	fmt.Fprintf(&b, "<link>%s</link><description>generated</description>\n", s.url("/"))
	for _, e := range entries {
		fmt.Fprintf(&b, "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate>",
			html.EscapeString(e.Title), s.url(e.Path)+"?utm_source=rss", s.url(e.Path), e.Published.Format(time.RFC1123Z))
		if !e.Updated.IsZero() {
			fmt.Fprintf(&b, "<atom:updated>%s</atom:updated>", e.Updated.Format(time.RFC3339))
		}
		b.WriteString("</item>\n")
	}
	b.WriteString("</channel></rss>")
	s.mu.Lock()
	s.feeds[path], s.etags[path] = b.String(), etag
	s.mu.Unlock()
}

func (s *site) setRaw(path, body string) {
	s.mu.Lock()
	s.feeds[path] = body
	s.mu.Unlock()
}

func (s *site) setPage(path, body string) {
	s.mu.Lock()
	s.pages[path] = body
	s.mu.Unlock()
}

func (s *site) setStatus(path string, code int) {
	s.mu.Lock()
	s.status[path] = code
	s.mu.Unlock()
}

// counts returns page hits, feed hits and 304s so far.
func (s *site) counts() (pages, feeds, notModified int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pageHits, s.feedHits, s.notMod
}

// testFetchConfig lets the fetcher reach the loopback test server, with
// politeness off.
func testFetchConfig() govwire.FetchConfig {
	cfg := govwire.DefaultFetchConfig()
	cfg.AllowNetworks = []string{"127.0.0.1/32"}
	cfg.PerHostInterval = 0
	cfg.RespectRobots = false
	cfg.Timeout = 10 * time.Second
	cfg.Concurrency = 4
	return cfg
}

// openStore opens a real SQLite store at path.
func openStore(t testing.TB, path string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// newTestIngester returns an ingester over a fresh store in t's temp dir.
func newTestIngester(t testing.TB, opts Options) (*Ingester, *store.DB) {
	t.Helper()
	db := opts.Store
	if db == nil {
		db = openStore(t, filepath.Join(t.TempDir(), "govwire.db"))
	}
	opts.Store = db
	if opts.Fetch.UserAgent == "" {
		opts.Fetch = testFetchConfig()
	}
	if opts.Classifier == nil {
		opts.Classifier = func() govwire.Classifier { return keywordClassifier{"kw-1"} }
	}
	in, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(in.Close)
	return in, db.(*store.DB)
}
