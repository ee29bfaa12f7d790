package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index/corpus"
	"github.com/govwire/govwire/store"
)

// searchDataDir writes a config whose data_dir holds a store of n
// generated articles, and returns the config path.
func searchDataDir(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "govwire.yaml")
	if err := os.WriteFile(cfg, []byte("data_dir: "+dir+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), filepath.Join(dir, "govwire.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	g := corpus.New(corpus.Options{Seed: 5})
	for range n {
		a := g.Next()
		a.Fingerprint = g.Fingerprint(a.ID)
		if _, err := st.SaveArticle(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	return cfg
}

func TestSearchAndReindexCommands(t *testing.T) {
	cfg := searchDataDir(t, 300)
	if code, _, stderr := runCLI(t, "--config", cfg, "search", "oracle"); code != 1 || !strings.Contains(stderr, "reindex") {
		t.Fatalf("search before any index: exit %d, %s", code, stderr)
	}
	code, out, stderr := runCLI(t, "--config", cfg, "reindex")
	if code != 0 || !strings.Contains(out, "reindexed 300 articles") {
		t.Fatalf("reindex: exit %d\n%s\n%s", code, out, stderr)
	}

	code, out, stderr = runCLI(t, "--config", cfg, "search", "--json", "--label", "protest", "--size", "5", "protest")
	if code != 0 {
		t.Fatalf("search: exit %d: %s", code, stderr)
	}
	var res govwire.SearchResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search --json: %v\n%s", err, out)
	}
	if res.Total == 0 || len(res.Hits) != 5 || res.Next == "" {
		t.Fatalf("result: total %d, %d hits, next %q", res.Total, len(res.Hits), res.Next)
	}
	for _, h := range res.Hits {
		if !slicesContains(h.Labels, "protest") {
			t.Errorf("hit %s labels %v lack protest", h.ID, h.Labels)
		}
	}

	// Flags after the query, --config after the command, the old -json
	// spelling: the same first page.
	code, out2, stderr := runCLI(t, "search", "protest", "--label", "protest", "-json", "--size", "5", "--config", cfg)
	var res2 govwire.SearchResult
	if err := json.Unmarshal([]byte(out2), &res2); code != 0 || err != nil || res2.Total != res.Total || res2.Hits[0].ID != res.Hits[0].ID {
		t.Errorf("flags after the query: exit %d (%s), %v, total %d, want %d", code, stderr, err, res2.Total, res.Total)
	}

	code, out, _ = runCLI(t, "--config", cfg, "search", "--after", res.Next, "--label", "protest", "--size", "5", "protest")
	if code != 0 || !strings.Contains(out, "hits") || strings.Contains(out, res.Hits[0].URL) {
		t.Errorf("second page by cursor: exit %d\n%s", code, out)
	}

	for _, bad := range [][]string{{"search", "*cloud"}, {"search", "--since", "yesterday", "x"}, {"search", "--size", "500", "x"},
		{"search", "title:("}, {"search", `"unclosed`}, {"search", "oracle~-1"}} {
		if code, _, stderr := runCLI(t, append([]string{"--config", cfg}, bad...)...); code != 2 {
			t.Errorf("%v: exit %d (%s), want 2", bad, code, stderr)
		}
	}
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestPlainSnippet(t *testing.T) {
	tests := []struct{ in, on, off, want string }{
		{"a <mark>b</mark> c", "[", "]", "a [b] c"},
		{"&lt;script&gt; <mark>x</mark>", "", "", "<script> x"},
		{"evil\x1b[2J <mark>y\x07</mark>", "*", "*", "evil [2J *y *"},
		{"no marks", "*", "*", "no marks"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := plainSnippet(tt.in, tt.on, tt.off); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
