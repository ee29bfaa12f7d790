package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govwire/govwire"
)

func TestOpenCreatesFileWithPragmas(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "a", "b", "govwire.db")
	db, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Path() != path {
		t.Errorf("Path() = %q, want %q", db.Path(), path)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("file not created: %v", err)
	}
	for _, tc := range []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"synchronous", "1"}, // NORMAL
		{"busy_timeout", "10000"},
	} {
		t.Run(tc.pragma, func(t *testing.T) {
			var got string
			if err := db.write.QueryRowContext(ctx, "PRAGMA "+tc.pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("PRAGMA %s = %q, want %q", tc.pragma, got, tc.want)
			}
		})
	}
	if _, err := db.read.ExecContext(ctx, `INSERT INTO sources(name) VALUES ('x')`); err == nil {
		t.Error("read pool accepted a write")
	}
	if n := db.write.Stats().MaxOpenConnections; n != 1 {
		t.Errorf("writer max open conns = %d, want 1", n)
	}
}

func TestOpenBadPath(t *testing.T) {
	for _, path := range []string{"", "a?b.db", "file:x.db", ":memory:", "x\x00y"} {
		t.Run(path, func(t *testing.T) {
			db, err := Open(context.Background(), path, nil)
			if err == nil {
				db.Close()
				t.Fatalf("Open(%q) succeeded", path)
			}
			if govwire.ErrorCode(err) != govwire.EINVALID {
				t.Errorf("code = %q, want invalid (%v)", govwire.ErrorCode(err), err)
			}
		})
	}
}

func TestOpenNotADatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(path, []byte(strings.Repeat("this is not sqlite\n", 300)), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(context.Background(), path, nil)
	if err == nil {
		db.Close()
		t.Fatal("opened a file that is not a database")
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the file", err)
	}
}

func TestOpenTwiceIsIdempotent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "govwire.db")
	db, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := article(1, "alpha")
	mustSave(t, db, a, govwire.SaveCreated)
	v1, err := schemaVersion(ctx, db.write)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, path, nil)
	if err != nil {
		t.Fatalf("second open: %v", err)
	}
	defer db.Close()
	v2, err := schemaVersion(ctx, db.write)
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := loadMigrations(migrationFS)
	if v1 != len(ms) || v2 != v1 {
		t.Errorf("versions %d then %d, want %d both", v1, v2, len(ms))
	}
	var rows int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != len(ms) {
		t.Errorf("schema_migrations has %d rows, want %d", rows, len(ms))
	}
	if _, err := db.Article(ctx, a.ID); err != nil {
		t.Errorf("article lost across reopen: %v", err)
	}
}

func TestOpenNewerSchemaFails(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "govwire.db")
	db, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (999, '0999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path, nil)
	if err == nil {
		db.Close()
		t.Fatal("opened a database with a newer schema")
	}
	if govwire.ErrorCode(err) != govwire.EINVALID || !strings.Contains(err.Error(), "newer") {
		t.Errorf("error = %v, want an invalid error saying the schema is newer", err)
	}
}

func TestFailedMigrationRollsBack(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	ms, err := loadMigrations(migrationFS)
	if err != nil {
		t.Fatal(err)
	}
	bad := migration{Version: len(ms) + 1, Name: "9999_bad.sql",
		SQL: "CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;"}
	if err := db.applyMigrations(ctx, append(ms, bad)); err == nil {
		t.Fatal("broken migration applied")
	}
	v, err := schemaVersion(ctx, db.write)
	if err != nil || v != len(ms) {
		t.Errorf("version = %d, %v; want %d", v, err, len(ms))
	}
	var n int
	db.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE name = 'half_done'`).Scan(&n)
	if n != 0 {
		t.Error("table from the failed migration survived its rollback")
	}
}
