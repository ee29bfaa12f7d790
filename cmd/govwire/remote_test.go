package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
	"github.com/govwire/govwire/index"
	"github.com/govwire/govwire/store"
)

// runningServer serves the data dir of cfg as serve does (the store and the
// index held open) on a loopback port, and rewrites cfg to listen there.
func runningServer(t *testing.T, cfg string) {
	t.Helper()
	dir := filepath.Dir(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	log := slog.New(slog.DiscardHandler)
	st, err := store.Open(ctx, filepath.Join(dir, "govwire.db"), log)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(filepath.Join(dir, "index.bleve"), log)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.CatchUp(ctx, st); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- api.Serve(ctx, ln, api.New(api.Config{Store: st, Searcher: ix, Log: log}).Handler(), log)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		ix.Close()
		st.Close()
	})
	body := "data_dir: " + dir + "\nlisten: " + ln.Addr().String() + "\n"
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestSearchNextToRunningServer: with serve holding the index, search and
// export --query answer through its API (they failed after 4 s on Bleve's
// lock before), and a bad query is still bad input.
func TestSearchNextToRunningServer(t *testing.T) {
	cfg := searchDataDir(t, 300)
	if code, _, stderr := runCLI(t, "--config", cfg, "reindex"); code != 0 {
		t.Fatalf("reindex: %s", stderr)
	}
	code, out, stderr := runCLI(t, "--config", cfg, "search", "--json", "--label", "protest", "protest")
	var local govwire.SearchResult
	if err := json.Unmarshal([]byte(out), &local); code != 0 || err != nil {
		t.Fatalf("local search: exit %d, %v, %s", code, err, stderr)
	}
	runningServer(t, cfg)

	start := time.Now()
	code, out, stderr = runCLI(t, "--config", cfg, "search", "--json", "--label", "protest", "protest")
	var remote govwire.SearchResult
	if err := json.Unmarshal([]byte(out), &remote); code != 0 || err != nil {
		t.Fatalf("search next to serve: exit %d, %v, %s", code, err, stderr)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("search next to serve took %s", d)
	}
	if remote.Total != local.Total || len(remote.Hits) == 0 || remote.Hits[0].ID != local.Hits[0].ID {
		t.Errorf("through the server: total %d, first %v; locally: total %d", remote.Total, remote.Hits, local.Total)
	}
	// Dates, all and paging reach the server as the CLI meant them.
	code, _, stderr = runCLI(t, "--config", cfg, "search", "--since", "2025-03-01", "--until", "2025-06-30", "--all", "--page", "2", "cloud")
	if code != 0 {
		t.Errorf("search with dates next to serve: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "--config", cfg, "search", "title:("); code != 2 || !strings.Contains(stderr, "unclosed") {
		t.Errorf("bad query next to serve: exit %d, %s", code, stderr)
	}

	outPath := filepath.Join(t.TempDir(), "protest.jsonl")
	code, _, stderr = runCLI(t, "--config", cfg, "export", "--format", "jsonl", "--query", "protest", "--label", "protest",
		"--duplicates", "--out", outPath)
	if code != 0 {
		t.Fatalf("export --query next to serve: exit %d, %s", code, stderr)
	}
	b, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), "\n"); n == 0 || uint64(n) > local.Total {
		t.Errorf("export wrote %d articles, search found %d", n, local.Total)
	}
}

// TestSearchIndexHeldNoServer: a process holds the index but nothing
// answers at the config's listen address: the command fails at once,
// naming what to do.
func TestSearchIndexHeldNoServer(t *testing.T) {
	cfg := searchDataDir(t, 50)
	if code, _, stderr := runCLI(t, "--config", cfg, "reindex"); code != 0 {
		t.Fatalf("reindex: %s", stderr)
	}
	ix, err := index.Open(filepath.Join(filepath.Dir(cfg), "index.bleve"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0") // a free port nobody serves
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	if err := os.WriteFile(cfg, []byte("data_dir: "+filepath.Dir(cfg)+"\nlisten: "+addr+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	code, _, stderr := runCLI(t, "--config", cfg, "search", "oracle")
	if code != 1 || !strings.Contains(stderr, "no govwire serve answers at http://"+addr) || !strings.Contains(stderr, "--config") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if d := time.Since(start); d > 2500*time.Millisecond {
		t.Errorf("failing took %s", d)
	}
}

func TestServerURL(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.1:8080": "http://127.0.0.1:8080", ":8080": "http://127.0.0.1:8080",
		"0.0.0.0:9": "http://127.0.0.1:9", "[::]:80": "http://127.0.0.1:80", "[::1]:80": "http://[::1]:80",
		"example.org:443": "http://example.org:443",
	} {
		if got := serverURL(in); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}
