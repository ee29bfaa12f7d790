package postgres

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/store/postgres/pgtest"
)

// TestMigrationsMirrorSQLite checks that every SQLite migration has its
// PostgreSQL twin with the same number and name, so a schema change
// landed for one driver only fails here.
func TestMigrationsMirrorSQLite(t *testing.T) {
	sqlite, err := filepath.Glob(filepath.Join("..", "migrations", "*.sql"))
	if err != nil || len(sqlite) == 0 {
		t.Fatalf("no SQLite migrations found: %v", err)
	}
	var want []string
	for _, p := range sqlite {
		want = append(want, filepath.Base(p))
	}
	ms, err := loadMigrations(migrationFS)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, m.Name)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("PostgreSQL migrations %v, SQLite's %v: add the missing ones to store/postgres/migrations", got, want)
	}
}

func TestOpenTwiceAndConcurrently(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 { // processes starting together apply each migration once
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := Open(ctx, dsn, nil)
			if err != nil {
				errs <- err
				return
			}
			db.Close()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent open: %v", err)
	}
	db, err := Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, _ := loadMigrations(migrationFS)
	var rows int
	if err := db.pool.QueryRow(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if v, err := db.SchemaVersion(ctx); err != nil || v != len(ms) || rows != len(ms) {
		t.Errorf("version %d (%v), %d rows; want %d", v, err, rows, len(ms))
	}
}

func TestOpenNewerSchemaFails(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	db, err := Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.pool.Exec(ctx, `INSERT INTO schema_migrations VALUES (999, '0999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, dsn, nil)
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
	if v, err := db.SchemaVersion(ctx); err != nil || v != len(ms) {
		t.Errorf("version = %d, %v; want %d", v, err, len(ms))
	}
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT COUNT(*) FROM pg_tables WHERE schemaname = $1 AND tablename = 'half_done'`,
		db.schema).Scan(&n); err != nil || n != 0 {
		t.Errorf("table from the failed migration survived its rollback (%d, %v)", n, err)
	}
}

func TestOpenBadDSN(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, dsn, code string
	}{
		{"empty", "", govwire.EINVALID},
		{"unparsable", "postgres://u:secret@h:notaport/db", govwire.EINVALID},
		{"no server", "host=/nonexistent-govwire-socket-dir user=x password=secret connect_timeout=2", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := Open(ctx, tc.dsn, nil)
			if err == nil {
				db.Close()
				t.Fatal("opened")
			}
			if tc.code != "" && govwire.ErrorCode(err) != tc.code {
				t.Errorf("code %q, want %q (%v)", govwire.ErrorCode(err), tc.code, err)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error shows the password: %v", err)
			}
		})
	}
}
