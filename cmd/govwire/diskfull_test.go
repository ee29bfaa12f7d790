package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/config"
	"github.com/govwire/govwire/internal/smallfs"
)

// bulkFeed serves an RSS feed whose items (full text in the feed, a few
// KB each) grow by step on every fetch: a busy source that fills a disk.
func bulkFeed(t *testing.T, step int) *httptest.Server {
	var passes atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(passes.Add(1)) * step
		w.Header().Set("Content-Type", "application/rss+xml")
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>bulk</title><link>http://bulk.example/</link><description>d</description>`)
		for i := range n {
			fmt.Fprintf(&b, `<item><title>JWCC cloud contract award %d</title><link>http://bulk.example/story/%d</link><guid>bulk-%d</guid><pubDate>Mon, 07 Dec 2026 10:00:00 GMT</pubDate><description>%s</description></item>`,
				i, i, i, strings.Repeat(fmt.Sprintf("The Pentagon awarded cloud contract lot%d to vendor%d. ", i, i*7), 40))
		}
		b.WriteString(`</channel></rss>`)
		io.WriteString(w, b.String())
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestDiskFullServe runs serve with its data dir on a real 6 MB filesystem
// and ingests until the disk is full: ingest passes end with errors, serve
// keeps answering, /readyz says the index lags and why, /metrics counts the
// failures and the lag; once space is back the retry brings the index
// level with the store. (Before: "panic: assignment to entry in nil map"
// in zapx killed the process.)
func TestDiskFullServe(t *testing.T) {
	fs := smallfs.Mount(t, 6<<20)
	feed := bulkFeed(t, 100)
	no := false
	cfg := config.Default()
	cfg.DataDir = filepath.Join(fs.Dir, "data")
	cfg.Fetch.PerHostInterval = 0
	cfg.Fetch.AllowNetworks = []string{"127.0.0.1/32"}
	cfg.Sources = []govwire.Source{{Name: "bulk", URL: feed.URL + "/feed.xml", Schedule: "@every 1h", Scrape: &no}}
	cfg.Digests = nil
	e := &env{cfg: cfg, log: slog.New(slog.DiscardHandler)}
	defer func(d time.Duration) { indexRetryInterval = d }(indexRetryInterval)
	indexRetryInterval = 100 * time.Millisecond

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := openApp(ctx, e, true)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	digests, err := a.newDigests(base)
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	up := make(chan struct{})
	go func() { served <- a.serve(ctx, ln, nil, digests, func() { close(up) }) }()
	// Ingest only once serve is up, as its scheduler and jobs do: serve sets
	// up the metrics the passes report to before it starts them.
	select {
	case <-up:
	case err := <-served:
		t.Fatalf("serve ended before it started: %v", err)
	}

	// Keep ingesting for three passes after the disk is full: the index
	// writes that follow a failed one are those that used to panic.
	full := 0
	for pass := 0; pass < 15 && full < 3; pass++ {
		sum, err := a.ingest(ctx, cfg.Sources)
		if err != nil {
			t.Fatalf("ingest pass %d: %v (an ingest pass must report a full disk, not fail)", pass, err)
		}
		_, herr := a.health.failing()
		if herr != nil || sum.Failed > 0 {
			full++
		}
		t.Logf("pass %d: new %d failed %d, index error %.200v", pass, sum.New, sum.Failed, herr)
	}
	if full == 0 {
		t.Fatal("the disk never filled: make the feed bigger")
	}
	if code, body := get(t, base+"/healthz"); code != 200 {
		t.Errorf("/healthz while the disk is full: %d %s", code, body)
	}
	if _, herr := a.health.failing(); herr != nil {
		code, body := get(t, base+"/readyz")
		if code != 503 || !strings.Contains(body, "behind the store") {
			t.Errorf("/readyz while index updates fail: %d %s; want 503 saying the index lags", code, body)
		}
		_, m := get(t, base+"/metrics")
		if !strings.Contains(m, `govwire_index_updates_total{result="failed"}`) || strings.Contains(m, "govwire_index_lag_changes 0\n") {
			t.Errorf("/metrics does not show the failing index: %s", grepLines(m, "govwire_index"))
		}
	}
	// Bleve may not answer while its segments cannot be persisted: 503
	// then, never a 500.
	if code, body := get(t, base+"/v1/search?q=contract"); code >= 500 && code != 503 {
		t.Errorf("search while the disk is full: %d %s", code, body)
	}

	fs.Resize(256 << 20)
	// New articles may need another pass to be saved; the index retry
	// catches up with whatever the store has.
	if _, err := a.ingest(ctx, cfg.Sources); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		code, body := get(t, base+"/readyz")
		if code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz 30 s after space came back: %d %s", code, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	n, err := a.db.CountArticles(ctx, govwire.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var res struct{ Total int }
	_, body := get(t, base+"/v1/search?q=contract&size=1")
	json.Unmarshal([]byte(body), &res)
	if st := a.ix.Stats(); int(st.Docs) != n || res.Total != n || a.indexLag() != 0 {
		t.Errorf("after catch-up: store %d articles, index %d docs, search total %d, lag %d", n, st.Docs, res.Total, a.indexLag())
	}
	cancel()
	if err := <-served; err != nil {
		t.Errorf("serve: %v", err)
	}
}

// get returns the status and body of a GET.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestDiskFullIngestCommand: govwire ingest on a full disk prints its
// summary and exits 1 with the reason, instead of panicking (exit 2).
func TestDiskFullIngestCommand(t *testing.T) {
	fs := smallfs.Mount(t, 2<<20)
	feed := bulkFeed(t, 400)
	cfg := filepath.Join(t.TempDir(), "govwire.yaml")
	conf := fmt.Sprintf("data_dir: %s\nfetch:\n  per_host_interval: 0\n  allow_networks: [\"127.0.0.1/32\"]\n"+
		"sources:\n  - name: bulk\n    url: %s/feed.xml\n    scrape: false\n", filepath.Join(fs.Dir, "data"), feed.URL)
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	var code int
	var out, errs string
	for range 3 { // until the disk is full
		if code, out, errs = runCLI(t, "--config", cfg, "--log-level", "error", "ingest"); code != 0 {
			break
		}
	}
	if code != 1 || !strings.Contains(out, "sources 1") || !strings.Contains(errs, "no space left") {
		t.Errorf("ingest on a full disk: exit %d\n%.300s\n%.300s\nwant exit 1, the summary and the reason", code, out, errs)
	}
}
