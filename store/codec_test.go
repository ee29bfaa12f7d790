package store

import (
	"database/sql"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

func TestTimeCodec(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   time.Time
		want time.Time
	}{
		{"zero is NULL", time.Time{}, time.Time{}},
		{"utc", t0.Add(123 * time.Nanosecond), t0.Add(123 * time.Nanosecond)},
		{"other zone comes back in UTC", time.Date(2026, 11, 2, 1, 0, 0, 0, time.FixedZone("X", 3600)),
			time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)},
		{"far future is clamped", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), maxTime},
		{"far past is clamped", time.Date(1200, 1, 1, 0, 0, 0, 0, time.UTC), minTime},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v sql.NullInt64
			if arg := timeArg(tc.in); arg != nil {
				v = sql.NullInt64{Int64: arg.(int64), Valid: true}
			}
			got := fromNano(v)
			if !got.Equal(tc.want) || got.Location() != time.UTC {
				t.Errorf("round trip of %v = %v, want %v in UTC", tc.in, got, tc.want)
			}
		})
	}
}

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
