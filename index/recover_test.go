package index

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/internal/smallfs"
)

// TestBatchPanicIsAnError: a panic inside Bleve while writing a batch comes
// back as an error, the index keeps its sequence, and a later catch-up
// from the store indexes the same changes.
func TestBatchPanicIsAnError(t *testing.T) {
	ix, err := NewMemory(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	st := newMemStore()
	st.put(fixtures(t)...)
	batchHook = func() error { panic("assignment to entry in nil map") }
	defer func() { batchHook = nil }()
	n, err := ix.CatchUp(context.Background(), st)
	var pe *BatchPanicError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "nil map") {
		t.Fatalf("CatchUp with a panicking Bleve: %d, %v; want a BatchPanicError", n, err)
	}
	if seq, _ := ix.Seq(); seq != 0 {
		t.Errorf("seq after the failed batch: %d, want 0", seq)
	}
	batchHook = nil
	if _, err := ix.CatchUp(context.Background(), st); err != nil {
		t.Fatalf("catch-up once Bleve works again: %v", err)
	}
	assertCurrent(t, ix, st)
}

// TestDiskFullIndex fills a real 2 MB filesystem under the index: every
// write fails with an error (Bleve's zapx used to panic with "assignment to
// entry in nil map" on the batch after a failed persist), then, once the
// space is back, one catch-up brings the index level with the store.
func TestDiskFullIndex(t *testing.T) {
	fs := smallfs.Mount(t, 2<<20)
	ix, err := Open(filepath.Join(fs.Dir, "index.bleve"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	st := newMemStore()
	ctx := context.Background()
	var failures int
	const rounds = 10
	for i := range rounds {
		st.put(bulky(i*100, 100)...)
		start := time.Now()
		if _, err := ix.CatchUp(ctx, st); err != nil {
			failures++
			t.Logf("round %d: %s: %.150v", i, time.Since(start), err)
		}
		if _, err := ix.Search(ctx, govwire.SearchQuery{Q: "word7", Size: 5, Page: 1}); err != nil {
			t.Logf("search while full: %v", err)
		}
	}
	if failures == 0 {
		t.Fatalf("%d bulky articles fit in 2 MB: the test no longer fills the disk", len(st.arts))
	}
	t.Logf("%d of %d catch-ups failed while the disk was full", failures, rounds)
	fs.Resize(256 << 20)
	if _, err := ix.CatchUp(ctx, st); err != nil {
		t.Fatalf("catch-up once space is back: %v", err)
	}
	assertCurrent(t, ix, st)
}

// assertCurrent checks that ix holds exactly st's articles at st's Seq.
func assertCurrent(t *testing.T, ix *Index, st *memStore) {
	t.Helper()
	last, _ := st.LastSeq(context.Background())
	if s := ix.Stats(); s.Seq != last || s.Docs != uint64(len(st.arts)) {
		t.Errorf("index at seq %d with %d docs; store at seq %d with %d articles", s.Seq, s.Docs, last, len(st.arts))
	}
}

// bulky returns n articles with ids from first, each a few KB of distinct
// words, so a few thousand fill a small disk.
func bulky(first, n int) []*govwire.Article {
	arts := make([]*govwire.Article, n)
	for i := range arts {
		k := first + i
		arts[i] = &govwire.Article{ID: fmt.Sprintf("b%05d", k), URL: fmt.Sprintf("https://bulky.example/%d", k),
			Source: "bulky", Title: fmt.Sprintf("bulky %d", k),
			Text: strings.Repeat(fmt.Sprintf("word%d other%d ", k, k*7), 200)}
	}
	return arts
}
