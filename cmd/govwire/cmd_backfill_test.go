package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackfillCommand: a loopback site with a sitemap of three dated
// articles; --since takes the two newest, the JSON summary has the
// contract's keys, and a second run fetches nothing.
func TestBackfillCommand(t *testing.T) {
	pages := 0
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/robots.txt":
			fmt.Fprintf(w, "User-agent: *\nSitemap: %s/s.xml\n", srv.URL)
		case r.URL.Path == "/s.xml":
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>%[1]s/a/1</loc><lastmod>2019-03-01</lastmod></url>
<url><loc>%[1]s/a/2</loc><lastmod>2021-08-31</lastmod></url>
<url><loc>%[1]s/a/3</loc><lastmod>2021-09-01</lastmod></url></urlset>`, srv.URL)
		case strings.HasPrefix(r.URL.Path, "/a/"):
			pages++
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html><head><title>JEDI story %[1]s</title></head><body><article><h1>JEDI story %[1]s</h1>
<p>The Pentagon cancelled the JEDI cloud contract and said it would seek a new multi-vendor cloud deal, story %[1]s.</p></article></body></html>`, r.URL.Path)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "govwire.yaml")
	conf := fmt.Sprintf("data_dir: %s\nfetch:\n  per_host_interval: 0\n  allow_networks: [\"127.0.0.1/32\"]\nsources:\n  - {name: ledger, url: %q}\n",
		filepath.Join(dir, "data"), srv.URL+"/feed.xml")
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "backfill", "--source", "ledger", "--since", "2020-01-01", "--until", "2021-09-01", "--json", "--config", cfg)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	var sum map[string]any
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("not JSON: %q", out)
	}
	for _, k := range []string{"discovered", "fetched", "new", "updated", "unchanged", "skipped", "failed", "errors"} {
		if _, ok := sum[k]; !ok {
			t.Errorf("summary lacks %q: %s", k, out)
		}
	}
	if sum["discovered"] != 3.0 || sum["fetched"] != 2.0 || sum["new"] != 2.0 || pages != 2 {
		t.Errorf("summary %s, %d pages served; want 3 discovered, the 2 of the window (a bare --until includes its day) fetched", out, pages)
	}
	code, out, _ = runCLI(t, "backfill", "--since", "2020-01-01", "--until", "2021-09-01", "--config", cfg)
	if code != 0 || pages != 2 || !strings.Contains(out, "listing finished by an earlier run") {
		t.Errorf("second run: exit %d, %d pages served, output %q", code, pages, out)
	}
	if code, _, errs := runCLI(t, "backfill", "--source", "nope", "--config", cfg); code != 2 || !strings.Contains(errs, `"nope"`) {
		t.Errorf("unknown source: exit %d %q", code, errs)
	}
}
