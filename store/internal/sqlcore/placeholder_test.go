package sqlcore

import (
	"context"
	"database/sql"
	"testing"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// TestNumberedPlaceholders checks that SQLite (modernc.org/sqlite) binds
// the shared SQL's $n placeholders by number: repeated, out of order, and
// NULL from an untyped nil or a nil pointer, as PostgreSQL does.
func TestNumberedPlaceholders(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var nilInt *int64
	for _, tc := range []struct {
		q    string
		args []any
		want string
	}{
		{`SELECT $1 || $2`, []any{"a", "b"}, "ab"},
		{`SELECT $2 || $1 || $2`, []any{"a", "b"}, "bab"},
		{`SELECT $3 || $1`, []any{"a", "b", "c"}, "ca"},
		{`SELECT COALESCE($1, 'null') || COALESCE($2, 'null')`, []any{nil, nilInt}, "nullnull"},
		{`SELECT CAST($1 AS TEXT) || ($1 = '')`, []any{""}, "1"},
		{`SELECT $10 || $1`, []any{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}, "101"},
	} {
		var got string
		if err := db.QueryRowContext(ctx, tc.q, tc.args...).Scan(&got); err != nil {
			t.Errorf("%s: %v", tc.q, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s with %v = %q, want %q", tc.q, tc.args, got, tc.want)
		}
	}
	// Too few arguments for the numbers used is an error, not a NULL.
	var s sql.NullString
	if err := db.QueryRowContext(ctx, `SELECT $2`, "a").Scan(&s); err == nil {
		t.Errorf("SELECT $2 with one argument = %v, want an error", s)
	}
}

// TestNullScanners reads NULL and values of each nullable kind back from
// SQLite through the Scanner types.
func TestNullScanners(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var (
		i, in   nullInt
		s, sn   nullStr
		b, bn   nullBool
		blobStr nullStr
	)
	err = db.QueryRowContext(context.Background(), `SELECT 42, NULL, 'x', NULL, 1, NULL, CAST('y' AS BLOB)`).
		Scan(&i, &in, &s, &sn, &b, &bn, &blobStr)
	if err != nil {
		t.Fatal(err)
	}
	if i != (nullInt{42, true}) || in.valid || s != (nullStr{"x", true}) || sn.valid ||
		b != (nullBool{true, true}) || bn.valid || blobStr != (nullStr{"y", true}) {
		t.Errorf("got %v %v %v %v %v %v %v", i, in, s, sn, b, bn, blobStr)
	}
	if err := i.Scan(1.5); err == nil {
		t.Error("a float scanned into a nullable integer")
	}
}
