package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/govwire/govwire/index"
	"github.com/govwire/govwire/index/corpus"
	"github.com/govwire/govwire/store"
)

// TestMain lets the test binary be the client process, as the loadtest
// binary is in a real run.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		if err := clientMain(context.Background(), os.Stdin, os.Stdout); err != nil {
			os.Stderr.WriteString(err.Error())
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// smallData writes a 300-article store and its index into a temp dir.
func smallData(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	log := slog.New(slog.DiscardHandler)
	db, err := store.Open(ctx, filepath.Join(dir, "govwire.db"), log)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	g := corpus.New(corpus.Options{Seed: 7})
	for range 300 {
		if _, err := db.SaveArticle(ctx, g.Next()); err != nil {
			t.Fatal(err)
		}
	}
	if err := index.Rebuild(ctx, db, filepath.Join(dir, "index.bleve"), nil, log); err != nil {
		t.Fatal(err)
	}
	return dir
}

func number(t *testing.T, out, re string) float64 {
	t.Helper()
	m := regexp.MustCompile(re).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no %q in output:\n%s", re, out)
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestLoadSmall runs the whole load test on a small generated corpus, in
// both loops and with the FTS5 baseline, and checks the report.
func TestLoadSmall(t *testing.T) {
	dir := smallData(t)
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"closed unique", []string{"-clients", "2", "-write-rate", "20", "-fts5", "auto", "-compare", "30"}},
		{"open fixed", []string{"-rate", "40", "-write-rate", "20", "-queries", "fixed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			args := append([]string{"-data", dir, "-duration", "1500ms", "-corpus-seed", "7"}, tc.args...)
			if err := run(context.Background(), args, &buf); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			if number(t, out, `requests (\d+)`) == 0 || number(t, out, `errors (\d+)`) != 0 ||
				number(t, out, `timeouts (\d+)`) != 0 || number(t, out, `(\d+) articles written`) == 0 ||
				number(t, out, `docs (\d+)`) < 300 || number(t, out, `= ([\d.]+) ms per request`) <= 0 {
				t.Errorf("unexpected report:\n%s", out)
			}
			// The memory line splits the peak: anon + file is the RSS, the
			// Go runtime's heap goal is above its live heap.
			rss, anon, file := number(t, out, `memory at peak RSS (\d+) MB`), number(t, out, `anon (\d+), file`), number(t, out, `file (\d+);`)
			if rss <= 0 || anon <= 0 || file <= 0 || anon+file < rss-1 || anon+file > rss+1 ||
				number(t, out, `goal (\d+);`) < number(t, out, `heap live (\d+),`) {
				t.Errorf("unexpected memory report:\n%s", out)
			}
			hit := number(t, out, `cache hit rate ([\d.]+)%`)
			if strings.Contains(tc.name, "unique") {
				if hit > 5 {
					t.Errorf("unique queries hit the cache %.1f%% of the time:\n%s", hit, out)
				}
				if number(t, out, `Bleve/FTS5: p50 ([\d.]+)x`) <= 0 {
					t.Errorf("no FTS5 ratio:\n%s", out)
				}
			} else if hit < 50 {
				t.Errorf("the fixed mix hit the cache only %.1f%% of the time:\n%s", hit, out)
			}
		})
	}
}

// TestUniqueQueries checks that the unique mix is reproducible, all
// different, and covers every kind of query.
func TestUniqueQueries(t *testing.T) {
	a, b := uniqueQueries(2000, 3, 1), uniqueQueries(2000, 3, 1)
	seen := map[string]bool{}
	for i, q := range a {
		if q != b[i] {
			t.Fatalf("query %d differs between two runs with one seed: %q, %q", i, q, b[i])
		}
		if seen[q] {
			t.Fatalf("query %q twice", q)
		}
		seen[q] = true
	}
	all := strings.Join(a, "\n")
	for _, want := range []string{"q=%22", "q=title%3A", "label=", "vendor=", "since=", "sort=date", "page="} {
		if !strings.Contains(all, want) {
			t.Errorf("no query with %q", want)
		}
	}
	if c := uniqueQueries(50, 4, 1); c[0] == a[0] && c[1] == a[1] {
		t.Error("another seed gives the same queries")
	}
}

// failWriter fails every write, as stdout on a full disk does.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestReportWriteError checks that a report lost to a failing writer fails
// the run instead of returning nil.
func TestReportWriteError(t *testing.T) {
	dir := smallData(t)
	err := run(context.Background(), []string{"-data", dir, "-duration", "0", "-corpus-seed", "7"}, failWriter{})
	if err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Fatalf("run to a failing writer: %v", err)
	}
}

// TestInProcess runs queries in process only, and checks the report (CPU
// per query by kind) and the dump (one result per query, in order).
func TestInProcess(t *testing.T) {
	dir := smallData(t)
	dump := filepath.Join(t.TempDir(), "dump.jsonl")
	var buf bytes.Buffer
	args := []string{"-data", dir, "-duration", "0", "-corpus-seed", "7", "-inprocess", "60", "-dump", dump, "-slowest", "3"}
	if err := run(context.Background(), args, &buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if number(t, out, `(\d+) queries: CPU`) != 60 || number(t, out, `CPU ([\d.]+) ms/query`) <= 0 {
		t.Errorf("unexpected report:\n%s", out)
	}
	for _, kind := range []string{"keyword", "phrase", "filter"} {
		if !strings.Contains(out, "  "+kind+" ") {
			t.Errorf("no %s line:\n%s", kind, out)
		}
	}
	if n := strings.Count(out, "  slow: "); n != 3 {
		t.Errorf("%d slowest queries listed, want 3:\n%s", n, out)
	}
	b, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	want := uniqueQueries(60, 1, 7)
	if len(lines) != 60 {
		t.Fatalf("%d dump lines, want 60", len(lines))
	}
	for i, l := range lines {
		var d struct {
			Q string `json:"q"`
		}
		if err := json.Unmarshal([]byte(l), &d); err != nil || d.Q != want[i] {
			t.Fatalf("dump line %d: %v %q, want the query %q", i, err, d.Q, want[i])
		}
	}
}
