package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestServeMetrics runs serve with a working source, a failing one, a
// digest and a rules folder, all on fast schedules, and checks that
// /metrics counts what the scheduler did, not only POST /v1/ingest. The
// scrape must pass promtool check metrics (required when
// GOVWIRE_REQUIRE_PROMTOOL is set, as CI does).
func TestServeMetrics(t *testing.T) {
	if testing.Short() {
		t.Skip("serve for several seconds in -short mode")
	}
	feeds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed.xml" {
			http.Error(w, "down", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Army awards JWCC task order to Oracle</title><link>`+"http://"+r.Host+`/a1</link>
<description>The Army awarded a cloud task order under the JWCC contract to Oracle on Monday.</description>
<pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate></item>
<item><title>AWS protests Coast Guard cloud award</title><link>`+"http://"+r.Host+`/a2</link>
<description>Amazon Web Services filed a bid protest with GAO over the Coast Guard cloud contract.</description>
<pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate></item>
</channel></rss>`)
	}))
	defer feeds.Close()

	dir := t.TempDir()
	rules := filepath.Join(dir, "rules")
	if err := os.Mkdir(rules, 0o755); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("..", "..", "rules", "*.yaml"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(rules, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	addr := freeAddr(t)
	cfg := filepath.Join(dir, "govwire.yaml")
	yaml := fmt.Sprintf(`data_dir: %s
listen: %s
rules_dir: %s
fetch: {allow_networks: ["127.0.0.1/32"], per_host_interval: 0, respect_robots: false}
sources:
  - {name: good, url: "%s/feed.xml", schedule: "@every 1s", scrape: false}
  - {name: broken, url: "%s/broken.xml", schedule: "@every 1s"}
digests:
  - name: daily
    schedule: "@every 1s"
    send_empty: true
    deliver: [{file: {dir: %s}}]
`, filepath.Join(dir, "data"), addr, rules, feeds.URL, feeds.URL, filepath.Join(dir, "digests"))
	if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	var out, errb bytes.Buffer
	go func() { done <- run(ctx, []string{"serve", "--config", cfg}, strings.NewReader(""), &out, &errb) }()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve: exit %d\n%s", code, errb.String())
		}
	}()

	want := []string{
		`govwire_ingest_passes_total{result="ok",source="good"} [1-9]`,
		`govwire_ingest_passes_total{result="failed",source="broken"} [1-9]`,
		`govwire_ingest_articles_total{result="new",source="good"} 2`,
		`govwire_ingest_articles_total{result="unchanged",source="good"} [1-9]`,
		`govwire_source_up{source="good"} 1`,
		`govwire_source_up{source="broken"} 0`,
		`govwire_digest_deliveries_total{channel="file:[^"]*",digest="daily",outcome="sent"} 1`,
		`govwire_index_updates_total{result="ok"} [1-9]`,
		`govwire_rule_reloads_total{result="rejected"} 1`,
	}
	var body string
	brokeRules := false
	deadline := time.Now().Add(30 * time.Second)
	for {
		body = scrape(t, "http://"+addr+"/metrics")
		if !brokeRules && strings.Contains(body, "govwire_rule_reloads_total") {
			// A bad edit while serving: refused, the old rules stay.
			if err := os.WriteFile(filepath.Join(rules, "award.yaml"), []byte("rules: [\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			brokeRules = true
		}
		missing := ""
		for _, w := range want {
			// want lines are regexps but for their braces.
			if !regexp.MustCompile(`(?m)^` + strings.NewReplacer("{", `\{`, "}", `\}`).Replace(w) + `$`).MatchString(body) {
				missing = w
				break
			}
		}
		if missing == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("metrics lack %s after 30s:\n%s", missing, grepLines(body, "govwire_"))
		}
		time.Sleep(300 * time.Millisecond)
	}
	promtoolCheck(t, body)
}

// freeAddr returns a loopback address with a port free right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// scrape GETs url; a server not up yet gives "".
func scrape(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return string(b)
}

func grepLines(s, prefix string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) || strings.HasPrefix(l, "# HELP "+prefix) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// promtoolCheck runs promtool check metrics on a scrape.
func promtoolCheck(t *testing.T, body string) {
	t.Helper()
	path, err := exec.LookPath("promtool")
	if err != nil {
		if req, _ := strconv.ParseBool(os.Getenv("GOVWIRE_REQUIRE_PROMTOOL")); req {
			t.Fatal("promtool not found (Debian package prometheus)")
		}
		t.Log("promtool not found: scrape not linted")
		return
	}
	cmd := exec.Command(path, "check", "metrics")
	cmd.Stdin = strings.NewReader(body)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}
