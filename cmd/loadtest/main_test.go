package main

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/govwire/govwire/index"
	"github.com/govwire/govwire/index/corpus"
	"github.com/govwire/govwire/store"
)

// TestLoadSmall runs the whole load test on a small generated corpus and
// checks that queries were answered without errors while articles were
// written.
func TestLoadSmall(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	log := slog.New(slog.DiscardHandler)
	db, err := store.Open(ctx, filepath.Join(dir, "govwire.db"), log)
	if err != nil {
		t.Fatal(err)
	}
	g := corpus.New(corpus.Options{Seed: 7})
	for range 300 {
		if _, err := db.SaveArticle(ctx, g.Next()); err != nil {
			t.Fatal(err)
		}
	}
	if err := index.Rebuild(ctx, db, filepath.Join(dir, "index.bleve"), nil, log); err != nil {
		t.Fatal(err)
	}
	db.Close()
	var out bytes.Buffer
	if err := run(ctx, []string{"-data", dir, "-clients", "2", "-duration", "1500ms", "-write-rate", "20"}, &out); err != nil {
		t.Fatal(err)
	}
	num := func(re string) int {
		m := regexp.MustCompile(re).FindStringSubmatch(out.String())
		if m == nil {
			t.Fatalf("no %q in output:\n%s", re, out.String())
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	if num(`requests (\d+)`) == 0 || num(`errors (\d+)`) != 0 || num(`(\d+) articles written`) == 0 || num(`docs (\d+)`) < 300 {
		t.Errorf("unexpected report:\n%s", out.String())
	}
}
