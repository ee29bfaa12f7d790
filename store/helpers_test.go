package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/store/internal/sqlcore"
	"github.com/govwire/govwire/store/storetest"
)

// openTest opens a store in a fresh temporary directory and closes it at
// the end of the test.
func openTest(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "data", "govwire.db"), nil)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return db
}

// The contract suite's articles and save check.
var (
	article  = storetest.Article
	mustSave = storetest.MustSave
)

// saveAll saves arts through SaveArticle's own code in a single
// transaction: fast seeding for tests that need many rows.
func saveAll(t testing.TB, db *DB, arts []*govwire.Article) {
	t.Helper()
	err := db.writeTx(context.Background(), func(tx *wtx) error {
		for _, a := range arts {
			if _, err := sqlcore.SaveIn(context.Background(), tx, db.cfg, a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("save all: %v", err)
	}
}
