package store

import (
	"testing"

	"github.com/govwire/govwire"
)

func TestStatementCache(t *testing.T) {
	db := openTest(t)
	for i := range 3 {
		mustSave(t, db, article(i, "alpha"), govwire.SaveCreated)
	}
	db.stmts.mu.Lock()
	n := len(db.stmts.stmts)
	db.stmts.mu.Unlock()
	if n == 0 {
		t.Error("no writer statement was kept prepared")
	}
	if err := db.stmts.close(); err != nil {
		t.Fatal(err)
	}
	// A closed cache no longer hands out statements; saves still work.
	mustSave(t, db, article(9, "alpha"), govwire.SaveCreated)
	if st := db.stmts.get("SELECT 1"); st != nil || len(db.stmts.stmts) != 0 {
		t.Error("closed cache still holds statements")
	}
}
