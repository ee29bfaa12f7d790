package migrations

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/store/internal/sqlcore"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// conn runs the shared SQL on a database/sql pool or transaction, as the
// SQLite driver does.
type conn struct {
	q interface {
		ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
		QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
		QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	}
}

func (c conn) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	res, err := c.q.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c conn) QueryRow(ctx context.Context, q string, args ...any) sqlcore.Row {
	return c.q.QueryRowContext(ctx, q, args...)
}

func (c conn) Query(ctx context.Context, fn func(sqlcore.Row) error, q string, args ...any) error {
	rows, err := c.q.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return sqlcore.Each(rows, fn)
}

func (c conn) Script(ctx context.Context, q string) error {
	_, err := c.q.ExecContext(ctx, q)
	return err
}

// driver applies migrations to a SQLite file and counts its write
// transactions and the migrations it logs.
type driver struct {
	db      *sql.DB
	txs     int
	applied []string
}

func (d *driver) Driver() Driver {
	return Driver{
		Read: conn{d.db},
		InTx: func(ctx context.Context, fn func(Tx) error) error {
			d.txs++
			tx, err := d.db.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			if err := fn(conn{tx}); err != nil {
				tx.Rollback()
				return err
			}
			return tx.Commit()
		},
		CreateTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`,
		Now:     func() time.Time { return time.Unix(1, 0) },
		Applied: func(m Migration) { d.applied = append(d.applied, m.Name) },
	}
}

func openSQLite(t *testing.T) *driver {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return &driver{db: db}
}

var testMigrations = []Migration{
	{1, "0001_a.sql", "CREATE TABLE a (x INTEGER); CREATE TABLE b (y INTEGER);"},
	{2, "0002_c.sql", "CREATE TABLE c (z INTEGER);"},
}

func TestApply(t *testing.T) {
	ctx := context.Background()
	d := openSQLite(t)
	if err := Apply(ctx, testMigrations, d.Driver()); err != nil {
		t.Fatal(err)
	}
	if strings.Join(d.applied, " ") != "0001_a.sql 0002_c.sql" || d.txs != 3 {
		t.Errorf("applied %v in %d transactions, want both in 3 (one each, one finding none left)", d.applied, d.txs)
	}
	if v, err := Version(ctx, conn{d.db}); err != nil || v != 2 {
		t.Errorf("version %d, %v; want 2", v, err)
	}
	// Up to date: recognised by a plain read, no write transaction.
	d.txs, d.applied = 0, nil
	if err := Apply(ctx, testMigrations, d.Driver()); err != nil || d.txs != 0 || d.applied != nil {
		t.Errorf("second apply: %v, %d transactions, applied %v; want none", err, d.txs, d.applied)
	}
	// A schema newer than the migrations known is refused.
	err := Apply(ctx, testMigrations[:1], d.Driver())
	if govwire.ErrorCode(err) != govwire.EINVALID || !strings.Contains(err.Error(), "newer") {
		t.Errorf("older migrations: %v, want an invalid error saying the schema is newer", err)
	}
}

func TestApplyFailedMigrationRollsBack(t *testing.T) {
	ctx := context.Background()
	d := openSQLite(t)
	bad := Migration{3, "0003_bad.sql", "CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;"}
	err := Apply(ctx, append(testMigrations[:2:2], bad), d.Driver())
	if err == nil || !strings.Contains(err.Error(), "apply migration 0003_bad.sql") {
		t.Fatalf("err = %v, want the bad migration named", err)
	}
	if v, err := Version(ctx, conn{d.db}); err != nil || v != 2 {
		t.Errorf("version %d, %v; want 2 (the good ones kept)", v, err)
	}
	var n int
	d.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE name = 'half_done'`).Scan(&n)
	if n != 0 {
		t.Error("table from the failed migration survived its rollback")
	}
}
