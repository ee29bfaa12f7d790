package postgres

import (
	"context"
	"testing"

	"github.com/govwire/govwire/store/postgres/pgtest"
	"github.com/govwire/govwire/store/storetest"
)

// openTest opens a store in a schema of its own, closed when t ends.
func openTest(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), pgtest.DSN(t), nil)
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

// TestContract runs the store contract suite on PostgreSQL.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t testing.TB, o storetest.Options) storetest.Store {
		t.Helper()
		db := openTest(t)
		o.Apply(&db.cfg.Now, &db.cfg.PageSize, &db.cfg.LogCap)
		return db
	})
}
