package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

func countAll(t *testing.T, ix *Index) uint64 {
	t.Helper()
	all := false
	return mustSearch(t, ix, govwire.SearchQuery{OnTopic: &all}).Total
}

func TestCatchUpAfterCrash(t *testing.T) {
	ctx := context.Background()
	st := newMemStore()
	st.put(fixtures(t)...)
	st.put(pagingArticles(1100, 0)...) // more than one catch-up page
	path := filepath.Join(t.TempDir(), "index.bleve")

	ix, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The writer indexed the first 7 changes, then the process died.
	first, _ := st.ChangesSince(ctx, 0, 7)
	if err := ix.Index(ctx, first); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	ix, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if seq, _ := ix.Seq(); seq != 7 {
		t.Fatalf("reopened index at seq %d, want 7", seq)
	}
	n, err := ix.CatchUp(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	last, _ := st.LastSeq(ctx)
	if want := int(last) - 7; n != want {
		t.Errorf("caught up %d articles, want %d", n, want)
	}
	if seq, _ := ix.Seq(); seq != last {
		t.Errorf("seq %d after catch-up, want %d", seq, last)
	}
	if got := countAll(t, ix); got != uint64(last) {
		t.Errorf("index holds %d articles, store %d", got, last)
	}
	// An update in the store reaches the index on the next catch-up.
	a, _ := st.ChangesSince(ctx, 0, 1)
	changed := *a[0]
	changed.Title = "Oracle withdraws its JWCC protest"
	changed.Text = "Oracle withdrew the protest after talks, zanzibarine sources said."
	st.put(&changed)
	if n, err := ix.CatchUp(ctx, st); err != nil || n != 1 {
		t.Fatalf("second catch-up: %d, %v", n, err)
	}
	res := mustSearch(t, ix, govwire.SearchQuery{Q: "zanzibarine"})
	if !slices.Equal(ids(res.Hits), []string{changed.ID}) {
		t.Errorf("updated article not found: %v", ids(res.Hits))
	}
	if n, _ := ix.CatchUp(ctx, st); n != 0 {
		t.Errorf("a current index caught up %d articles", n)
	}
}

func TestRebuildSwapsOpenIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "index.bleve")
	ix, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// The old index holds an article the store no longer has.
	stale := pagingArticles(1, 0)[0]
	stale.ID, stale.Text = "gone", "A stale quetzalcoatl record."
	if err := ix.Index(ctx, []*govwire.Article{stale}); err != nil {
		t.Fatal(err)
	}

	st := newMemStore()
	st.put(fixtures(t)...)
	var calls [][2]int
	if err := ix.Rebuild(ctx, st, func(done, total int) { calls = append(calls, [2]int{done, total}) }); err != nil {
		t.Fatal(err)
	}
	n := len(fixtures(t))
	if len(calls) == 0 || calls[len(calls)-1] != [2]int{n, n} {
		t.Errorf("progress calls %v, want to end at %d/%d", calls, n, n)
	}
	if got := countAll(t, ix); got != uint64(n) {
		t.Errorf("rebuilt index holds %d, want %d", got, n)
	}
	if res := mustSearch(t, ix, govwire.SearchQuery{Q: "quetzalcoatl"}); res.Total != 0 {
		t.Errorf("stale article survived the rebuild")
	}
	if seq, _ := ix.Seq(); seq != int64(n) {
		t.Errorf("seq = %d, want %d", seq, n)
	}
	for _, p := range []string{path + ".new", path + ".old"} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s left behind (%v)", p, err)
		}
	}
	// The swapped-in index is the one on disk: reopening finds it.
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix2, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close()
	if got := ix2.Stats(); got.Docs != uint64(n) || got.Seq != int64(n) || got.SizeBytes == 0 {
		t.Errorf("stats after reopen = %+v", got)
	}
}

func TestRebuildClosedPath(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "index.bleve")
	st := newMemStore()
	st.put(pagingArticles(1200, 0)...)
	for range 2 { // first build creates, second replaces
		if err := Rebuild(ctx, st, path, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if s := ix.Stats(); s.Docs != 1200 || s.Seq != 1200 {
		t.Errorf("stats = %+v", s)
	}
}

func TestRebuildMemory(t *testing.T) {
	ctx := context.Background()
	ix := memIndex(t, pagingArticles(5, 0))
	st := newMemStore()
	st.put(fixtures(t)...)
	if err := ix.Rebuild(ctx, st, nil); err != nil {
		t.Fatal(err)
	}
	if got := countAll(t, ix); got != uint64(len(fixtures(t))) {
		t.Errorf("rebuilt memory index holds %d", got)
	}
}

func TestRebuildCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	path := filepath.Join(t.TempDir(), "index.bleve")
	st := newMemStore()
	st.put(fixtures(t)...)
	if err := Rebuild(ctx, st, path, nil, nil); err == nil {
		t.Fatal("rebuild with a cancelled context succeeded")
	}
	if _, err := os.Stat(path + ".new"); !os.IsNotExist(err) {
		t.Errorf("half-built index left behind (%v)", err)
	}
}

func TestRebuildRefusesIndexOpenElsewhere(t *testing.T) {
	o := Options{LockTimeout: 100 * time.Millisecond}
	path := filepath.Join(t.TempDir(), "index.bleve")
	ix, err := OpenWith(path, o)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	st := newMemStore()
	st.put(fixtures(t)...)
	err = RebuildWith(context.Background(), st, path, nil, o)
	if govwire.ErrorCode(err) != govwire.EUNAVAILABLE {
		t.Fatalf("rebuild under an open index: %v, want EUNAVAILABLE", err)
	}
	if _, err := OpenWith(path, o); govwire.ErrorCode(err) != govwire.EUNAVAILABLE {
		t.Fatalf("second open: %v, want EUNAVAILABLE", err)
	}
}

func TestRebuildWhileSearching(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "index.bleve")
	ix, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	st := newMemStore()
	st.put(fixtures(t)...)
	if _, err := ix.CatchUp(ctx, st); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			for {
				select {
				case <-stop:
					errs <- nil
					return
				default:
				}
				res, err := ix.Search(ctx, govwire.SearchQuery{Q: "oracle"})
				if err == nil && res.Total == 0 {
					err = fmt.Errorf("a search during the rebuild found nothing")
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for range 2 {
		if err := ix.Rebuild(ctx, st, nil); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	for range 2 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
