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
		if o.Now != nil {
			db.cfg.Now = o.Now
		}
		if o.PageSize > 0 {
			db.cfg.PageSize = o.PageSize
		}
		if o.LogCap > 0 {
			db.cfg.LogCap = o.LogCap
		}
		return db
	})
}
