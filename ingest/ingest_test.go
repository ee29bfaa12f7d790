package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/store"
)

// pipelineFixture serves two outlets (the second syndicates the first's
// lead story), a feed-only source, a malformed feed and a failing server.
type pipelineFixture struct {
	site    *site
	a, b    []story
	sources []govwire.Source
	entries []feedEntry // outlet A's feed
}

func newPipelineFixture(t *testing.T) *pipelineFixture {
	f := &pipelineFixture{site: newSite(t)}
	keywords := []string{"award", "protest", "bid", "allegation"}
	for i := range 4 {
		st := newStory(uint64(10+i), "a"+string(rune('1'+i)), keywords[i], 600)
		f.a = append(f.a, st)
		f.site.setPage("/a/"+st.Slug, st.page("Outlet A", f.site.url("/a/"+st.Slug)))
		f.entries = append(f.entries, feedEntry{Path: "/a/" + st.Slug, Title: st.Title, Published: st.Published})
	}
	f.site.setFeed("/a/feed.xml", `"a-v1"`, f.entries)
	// Outlet B: the syndicated copy of A's first story (new URL, wire
	// preamble, different furniture) and two stories of its own.
	syn := f.a[0]
	syn.Slug = "wire-copy"
	syn.Paras = append([]string{"(Wire service) This report was distributed to member outlets."}, syn.Paras...)
	f.b = []story{syn, newStory(30, "b2", "award", 500), newStory(31, "b3", "protest", 500)}
	var bEntries []feedEntry
	for _, st := range f.b {
		f.site.setPage("/b/"+st.Slug, st.page("Outlet B", ""))
		bEntries = append(bEntries, feedEntry{Path: "/b/" + st.Slug, Title: st.Title, Published: st.Published})
	}
	f.site.setFeed("/b/feed.xml", `"b-v1"`, bEntries)
	f.site.setRaw("/c/feed.xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>C</title><link>`+f.site.url("/c/")+`</link><description>d</description>
<item><title>Cloud bid notice from C</title><link>`+f.site.url("/c/notice-1")+`</link><description>&lt;p&gt;The board opened a cloud bid for its records platform today, according to a notice.&lt;/p&gt;</description></item></channel></rss>`)
	f.site.setRaw("/d/feed.xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>Broken<item><title>x</title></rss>`)
	f.site.setStatus("/e/feed.xml", http.StatusInternalServerError)
	f.site.setRaw("/l/feed.xml", string(readTestdata(t, "feeds", "billion_laughs.xml")))
	no := false
	f.sources = []govwire.Source{
		{Name: "outlet-a", URL: f.site.url("/a/feed.xml")},
		{Name: "outlet-b", URL: f.site.url("/b/feed.xml")},
		{Name: "feed-only", URL: f.site.url("/c/feed.xml"), Scrape: &no},
		{Name: "malformed", URL: f.site.url("/d/feed.xml")},
		{Name: "failing", URL: f.site.url("/e/feed.xml")},
		{Name: "laughs", URL: f.site.url("/l/feed.xml")},
	}
	return f
}

func TestIngestPipeline(t *testing.T) {
	ctx := context.Background()
	f := newPipelineFixture(t)
	var hooked atomic.Int32 // OnSaved runs on each source's goroutine
	var classified atomic.Int32
	var logs bytes.Buffer
	in, db := newTestIngester(t, Options{
		Log:        slog.New(slog.NewTextHandler(&logs, nil)),
		OnSaved:    func(_ context.Context, arts []*govwire.Article) { hooked.Add(int32(len(arts))) },
		Classifier: func() govwire.Classifier { return countingClassifier{keywordClassifier{"kw-1"}, &classified} },
	})

	// First pass: every article stored, with text and labels; the two bad
	// sources are reported and do not stop the rest.
	sum, err := in.Run(ctx, f.sources)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Sources != 6 || sum.New != 8 || sum.Fetched != 7 || sum.Failed != 3 || sum.Updated != 0 {
		t.Fatalf("first pass: %+v", sum)
	}
	if hooked.Load() != 8 {
		t.Errorf("OnSaved got %d articles, want 8", hooked.Load())
	}
	for i, want := range []struct{ source, msg string }{
		{"failing", "500"}, {"laughs", "declares XML entities"}, {"malformed", "malformed XML"},
	} {
		if e := sum.Errors[i]; e.Source != want.source || e.URL == "" || !strings.Contains(e.Error, want.msg) {
			t.Errorf("error %d = %+v, want one for %s saying %q", i, e, want.source, want.msg)
		}
	}
	for _, st := range append(append([]story{}, f.a...), f.b[1:]...) {
		checkStored(t, db, st)
	}
	if n, _ := db.CountArticles(ctx, govwire.ArticleFilter{}); n != 8 {
		t.Fatalf("%d articles stored, want 8", n)
	}
	// The syndicated pair is one cluster.
	orig := mustArticle(t, db, f.site.url("/a/"+f.a[0].Slug))
	copyA := mustArticle(t, db, f.site.url("/b/wire-copy"))
	if orig.ClusterID == "" || orig.ClusterID != copyA.ClusterID {
		t.Errorf("syndicated copy in cluster %q, original in %q", copyA.ClusterID, orig.ClusterID)
	}
	if other := mustArticle(t, db, f.site.url("/b/"+f.b[1].Slug)); other.ClusterID == orig.ClusterID {
		t.Error("a different story joined the syndicated cluster")
	}
	// Failing sources are backing off.
	for _, name := range []string{"malformed", "failing", "laughs"} {
		if !strings.Contains(logs.String(), `msg="source failed" source=`+name) {
			t.Errorf("no logged error for %s in:\n%s", name, logs.String())
		}
		st, _ := db.SourceState(ctx, name)
		if st.ConsecutiveFailures != 1 || st.LastError == "" || !st.NextAttempt.After(time.Now()) {
			t.Errorf("%s state %+v: want one failure and a backoff", name, st)
		}
	}
	seq, _ := db.LastSeq(ctx)

	// Second pass, nothing changed: 304s, zero page fetches, no writes;
	// the failing sources are skipped while they back off.
	pages0, _, notMod0 := f.site.counts()
	classified.Store(0)
	sum, err = in.Run(ctx, f.sources)
	if err != nil {
		t.Fatal(err)
	}
	pages1, _, notMod1 := f.site.counts()
	if pages1 != pages0 || sum.Fetched != 0 {
		t.Errorf("second pass fetched %d pages (summary %d), want 0", pages1-pages0, sum.Fetched)
	}
	if notMod1-notMod0 != 2 || sum.NotModified != 2 {
		t.Errorf("second pass: %d 304s, want 2", notMod1-notMod0)
	}
	if sum.New != 0 || sum.Updated != 0 || sum.Failed != 0 || sum.Skipped != 3 || sum.Sources != 3 {
		t.Errorf("second pass: %+v", sum)
	}
	if n := classified.Load(); n != 0 {
		t.Errorf("second pass classified %d documents, want 0", n)
	}
	if s2, _ := db.LastSeq(ctx); s2 != seq {
		t.Errorf("second pass wrote: seq %d -> %d", seq, s2)
	}

	// A changed article is updated once.
	changed := f.a[1]
	changed.Paras = append(append([]string{}, changed.Paras...), "Late addition: the agency confirmed a protest filing and an award review.")
	f.site.setPage("/a/"+changed.Slug, changed.page("Outlet A", f.site.url("/a/"+changed.Slug)))
	time.Sleep(1100 * time.Millisecond) // the feed's date (second precision) must fall after the stored Updated
	f.entries[1].Updated = time.Now().UTC().Truncate(time.Second)
	f.site.setFeed("/a/feed.xml", `"a-v2"`, f.entries)
	sum, _ = in.Run(ctx, f.sources)
	if sum.Updated != 1 || sum.Fetched != 1 || sum.New != 0 {
		t.Fatalf("after a change: %+v, want one page fetched and one update", sum)
	}
	got := mustArticle(t, db, f.site.url("/a/"+changed.Slug))
	if !strings.Contains(got.Text, "Late addition") || !got.HasLabel(govwire.LabelProtest) || !got.HasLabel(govwire.LabelAward) {
		t.Errorf("updated article: labels %v, text has change: %v", got.Labels, strings.Contains(got.Text, "Late addition"))
	}
	// Again, and with the feed served in full (a new ETag, same items):
	// the item's signal is already handled, so no page is fetched.
	f.site.setFeed("/a/feed.xml", `"a-v3"`, f.entries)
	pages0, _, _ = f.site.counts()
	sum, _ = in.Run(ctx, f.sources)
	pages1, _, _ = f.site.counts()
	if sum.Updated != 0 || pages1 != pages0 {
		t.Errorf("after the update: %+v, %d page fetches; want none", sum, pages1-pages0)
	}
	// A feed-only source whose item text changes is updated from the feed.
	notice := mustArticle(t, db, f.site.url("/c/notice-1"))
	if notice.Extractor != "feed-content" || !strings.Contains(notice.Text, "opened a cloud bid") {
		t.Errorf("feed-only article: extractor %q text %q", notice.Extractor, notice.Text)
	}
	f.site.setRaw("/c/feed.xml", strings.Replace(f.site.feeds["/c/feed.xml"], "according to a notice", "a notice said, and a protest followed", 1))
	pages0, _, _ = f.site.counts()
	sum, _ = in.Run(ctx, f.sources)
	if pages1, _, _ = f.site.counts(); sum.Updated != 1 || pages1 != pages0 {
		t.Errorf("feed-only change: %+v, %d page fetches; want one update and none", sum, pages1-pages0)
	}
	if got := mustArticle(t, db, f.site.url("/c/notice-1")); !got.HasLabel(govwire.LabelProtest) {
		t.Errorf("feed-only update: labels %v", got.Labels)
	}
}

func checkStored(t *testing.T, db *store.DB, st story) {
	t.Helper()
	for _, a := range []string{st.Marker} {
		found := false
		_ = db.ScanArticles(context.Background(), govwire.ArticleFilter{}, func(x *govwire.Article) error {
			if strings.Contains(x.Text, a) {
				found = true
				if x.Title != st.Title || !x.OnTopic || len(x.Labels) == 0 || x.Extractor == "" || x.Ruleset != "kw-1" {
					t.Errorf("%s: title %q on_topic %v labels %v extractor %q", st.Slug, x.Title, x.OnTopic, x.Labels, x.Extractor)
				}
				for _, furniture := range []string{"Sidebar headline", "furniture comment", "Footer: copyright", "Subscribe now"} {
					if strings.Contains(x.Text, furniture) {
						t.Errorf("%s: text holds furniture %q", st.Slug, furniture)
					}
				}
				if !x.Published.Equal(st.Published) {
					t.Errorf("%s: published %v, want %v", st.Slug, x.Published, st.Published)
				}
			}
			return nil
		})
		if !found {
			t.Errorf("story %s not stored with its text", st.Slug)
		}
	}
}

func mustArticle(t *testing.T, db *store.DB, url string) *govwire.Article {
	t.Helper()
	ctx := context.Background()
	id, ok, err := db.SeenURL(ctx, url)
	if err != nil || !ok {
		t.Fatalf("article %s not stored (%v)", url, err)
	}
	a, err := db.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestIngestFailedPageRetriedNextPass(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	var entries []feedEntry
	for i := range 3 {
		st := newStory(uint64(50+i), "p"+string(rune('1'+i)), "award", 300)
		s.setPage("/p/"+st.Slug, st.page("Outlet P", ""))
		entries = append(entries, feedEntry{Path: "/p/" + st.Slug, Title: st.Title, Published: st.Published})
	}
	s.setFeed("/p/feed.xml", `"p-1"`, entries)
	s.setStatus("/p/p2", http.StatusNotFound)
	src := []govwire.Source{{Name: "p", URL: s.url("/p/feed.xml")}}
	in, db := newTestIngester(t, Options{})
	sum, _ := in.Run(ctx, src)
	if sum.New != 2 || sum.Failed != 1 || sum.Errors[0].URL != s.url("/p/p2")+"?utm_source=rss" {
		t.Fatalf("first pass: %+v", sum)
	}
	if st, _ := db.SourceState(ctx, "p"); st.ETag != "" || st.ConsecutiveFailures != 0 {
		t.Errorf("ETag %q kept although an item failed (state %+v)", st.ETag, st)
	}
	s.setStatus("/p/p2", 0)
	sum, _ = in.Run(ctx, src)
	if sum.New != 1 || sum.Fetched != 1 || sum.Unchanged != 2 {
		t.Fatalf("second pass: %+v, want the failed page only", sum)
	}
	if st, _ := db.SourceState(ctx, "p"); st.ETag != `"p-1"` {
		t.Errorf("ETag %q not kept after a clean pass", st.ETag)
	}
}

func TestIngestBackoffAndForce(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	s.setStatus("/x/feed.xml", http.StatusBadGateway)
	src := govwire.Source{Name: "x", URL: s.url("/x/feed.xml")}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	in, db := newTestIngester(t, Options{Now: func() time.Time { return now }})
	for i, wantWait := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute} {
		sum, _ := in.RunSource(ctx, src, true)
		st, _ := db.SourceState(ctx, "x")
		if sum.Failed != 1 || st.ConsecutiveFailures != i+1 || !st.NextAttempt.Equal(now.Add(wantWait)) || st.LastStatus != http.StatusBadGateway {
			t.Fatalf("failure %d: summary %+v state %+v", i+1, sum, st)
		}
	}
	if sum, _ := in.RunSource(ctx, src, false); sum.Skipped != 1 || sum.Sources != 0 {
		t.Errorf("in backoff: %+v, want skipped", sum)
	}
	s.setStatus("/x/feed.xml", 0)
	s.setFeed("/x/feed.xml", `"x"`, nil)
	now = now.Add(5 * time.Minute)
	if sum, _ := in.RunSource(ctx, src, false); sum.Failed != 0 || sum.Sources != 1 {
		t.Errorf("recovered: %+v", sum)
	}
	if st, _ := db.SourceState(ctx, "x"); st.ConsecutiveFailures != 0 || st.LastError != "" || !st.NextAttempt.IsZero() {
		t.Errorf("recovered state %+v", st)
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		n    int
		want time.Duration
	}{{0, time.Minute}, {1, time.Minute}, {2, 2 * time.Minute}, {5, 16 * time.Minute}, {9, 256 * time.Minute}, {10, BackoffMax}, {64, BackoffMax}}
	for _, tt := range tests {
		if got := Backoff(tt.n); got != tt.want {
			t.Errorf("Backoff(%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}

func TestSummaryJSON(t *testing.T) {
	var s Summary
	s.fail("src", "https://x.example.com/feed", context.DeadlineExceeded)
	s.finish()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	want := []string{"errors", "failed", "fetched", "new", "sources", "unchanged", "updated"}
	if sort.Strings(keys); !reflect.DeepEqual(keys, want) {
		t.Errorf("keys %v, want %v", keys, want)
	}
	if !strings.Contains(string(b), `"errors":[{"source":"src","url":"https://x.example.com/feed","error":"context deadline exceeded"}]`) {
		t.Errorf("json %s", b)
	}
	var empty Summary
	empty.finish()
	if b, _ := json.Marshal(empty); !strings.Contains(string(b), `"errors":[]`) {
		t.Errorf("empty summary: %s", b)
	}
}

func TestNewRequiresStoreAndClassifier(t *testing.T) {
	if _, err := New(Options{}); err == nil || !strings.Contains(err.Error(), "no store") {
		t.Errorf("err = %v", err)
	}
}

// TestIngestHostileItemLinks: items linking to addresses the SSRF guard
// refuses fail alone, with a clear error, and the feed's other items are
// stored.
func TestIngestHostileItemLinks(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	good := newStory(90, "good", "award", 300)
	s.setPage("/h/good", good.page("Outlet H", ""))
	port := s.srv.URL[strings.LastIndex(s.srv.URL, ":")+1:]
	s.setRaw("/h/feed.xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>H</title><link>`+s.url("/h/")+`</link><description>d</description>
<item><title>good</title><link>`+s.url("/h/good")+`</link></item>
<item><title>loopback</title><link>http://127.0.0.2:`+port+`/h/good</link></item>
<item><title>metadata</title><link>http://169.254.169.254/latest/meta-data/</link></item>
<item><title>not http</title><link>file:///etc/passwd</link></item>
</channel></rss>`)
	in, _ := newTestIngester(t, Options{})
	sum, err := in.Run(ctx, []govwire.Source{{Name: "h", URL: s.url("/h/feed.xml")}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 1 || sum.Failed != 3 {
		t.Fatalf("%+v, want one article and three failures", sum)
	}
	want := map[string]string{
		"http://127.0.0.2:" + port + "/h/good":     "refused",
		"http://169.254.169.254/latest/meta-data/": "refused",
		"file:///etc/passwd":                       "not http or https",
	}
	for _, e := range sum.Errors {
		if w, ok := want[e.URL]; !ok || !strings.Contains(e.Error, w) || e.Source != "h" {
			t.Errorf("error %+v, want %q for that URL", e, w)
		}
	}
}

// TestIngestUndatedItems: an item without a date takes its page's date,
// or the fetch time when the page has none either.
func TestIngestUndatedItems(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	dated := newStory(95, "dated-page", "bid", 300)
	s.setPage("/u/dated-page", dated.page("Outlet U", ""))
	plain := newStory(96, "plain-page", "bid", 300)
	s.setPage("/u/plain-page", "<html><body><article><h1>"+plain.Title+"</h1><p>"+strings.Join(plain.Paras, "</p><p>")+"</p></article></body></html>")
	s.setRaw("/u/feed.xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>U</title><link>`+s.url("/u/")+`</link><description>d</description>
<item><title>a</title><link>`+s.url("/u/dated-page")+`</link></item>
<item><title>b</title><link>`+s.url("/u/plain-page")+`</link></item>
</channel></rss>`)
	now := time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)
	in, db := newTestIngester(t, Options{Now: func() time.Time { return now }})
	if sum, _ := in.Run(ctx, []govwire.Source{{Name: "u", URL: s.url("/u/feed.xml")}}); sum.New != 2 {
		t.Fatalf("%+v", sum)
	}
	if got := mustArticle(t, db, s.url("/u/dated-page")).Published; !got.Equal(dated.Published) {
		t.Errorf("undated item, dated page: published %v, want the page's %v", got, dated.Published)
	}
	if got := mustArticle(t, db, s.url("/u/plain-page")).Published; !got.Equal(now) {
		t.Errorf("undated item and page: published %v, want the fetch time %v", got, now)
	}
}
