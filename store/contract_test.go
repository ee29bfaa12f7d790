package store

import (
	"testing"

	"github.com/govwire/govwire/store/storetest"
)

// TestContract runs the store contract suite on SQLite.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t testing.TB, o storetest.Options) storetest.Store {
		t.Helper()
		db := openTest(t)
		o.Apply(&db.cfg.Now, &db.cfg.PageSize, &db.cfg.LogCap)
		return db
	})
}
