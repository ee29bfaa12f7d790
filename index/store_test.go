package index

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/store"
)

// sqliteStore returns the real SQLite store holding arts, saved in order.
func sqliteStore(t *testing.T, arts []*govwire.Article) *store.DB {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "govwire.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, a := range arts {
		c := *a
		c.CanonicalURL, c.ContentHash, c.ID, c.ClusterID = a.URL, a.ID, "", ""
		if _, err := st.SaveArticle(ctx, &c); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// TestCatchUpFromSQLite simulates a crash between the store write and the
// index write over the real store, then checks that a restart catches up
// and that a rebuild of the open index agrees with it.
func TestCatchUpFromSQLite(t *testing.T) {
	ctx := context.Background()
	arts := fixtures(t)
	st := sqliteStore(t, arts)
	path := filepath.Join(t.TempDir(), "index.bleve")

	ix, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	first, err := st.ChangesSince(ctx, 0, 4)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Index(ctx, first); err != nil {
		t.Fatal(err)
	}
	ix.Close() // crash: the other changes never reached the index

	ix, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := countAll(t, ix); got != 4 {
		t.Fatalf("index holds %d before catch-up, want 4", got)
	}
	n, err := ix.CatchUp(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	last, _ := st.LastSeq(ctx)
	if seq, _ := ix.Seq(); n != len(arts)-4 || seq != last {
		t.Errorf("caught up %d to seq %d, want %d to %d", n, seq, len(arts)-4, last)
	}
	want := mustSearch(t, ix, govwire.SearchQuery{Q: "Oracle protest JWCC"})
	if len(want.Hits) == 0 {
		t.Fatal("no hits after catch-up")
	}

	if err := ix.Rebuild(ctx, st, nil); err != nil {
		t.Fatal(err)
	}
	got := mustSearch(t, ix, govwire.SearchQuery{Q: "Oracle protest JWCC"})
	if g, w := ids(got.Hits), ids(want.Hits); len(g) != len(w) || g[0] != w[0] {
		t.Errorf("after rebuild %v, before %v", g, w)
	}
	// Every hit carries the cluster the store assigned (its own id at least).
	for _, h := range got.Hits {
		if h.ClusterID == "" {
			t.Errorf("hit %s has no cluster id", h.ID)
		}
	}
}
