package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	"github.com/govwire/govwire/store/internal/migrations"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one embedded schema change (shared with the other driver).
type migration = migrations.Migration

// loadMigrations reads the embedded migrations in version order, checking
// that they are numbered 1, 2, 3... with no gap.
func loadMigrations(fsys fs.FS) ([]migration, error) { return migrations.Load(fsys) }

// migrate applies every embedded migration newer than the database's schema,
// each in its own transaction together with its schema_migrations row.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := loadMigrations(migrationFS)
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	return db.applyMigrations(ctx, ms)
}

// applyMigrations applies those of ms the file lacks. The single writer
// connection serialises them: no lock is needed.
func (db *DB) applyMigrations(ctx context.Context, ms []migration) error {
	return migrations.Apply(ctx, ms, migrations.Driver{
		Read: pool{db.write},
		InTx: func(ctx context.Context, fn func(migrations.Tx) error) error {
			return db.writeTx(ctx, func(tx *wtx) error { return fn(tx) })
		},
		CreateTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`,
		Now: db.nowUTC,
		Applied: func(m migration) {
			db.log.Info("applied migration", "path", db.path, "version", m.Version, "name", m.Name)
		},
	})
}

// schemaVersion returns the highest applied migration, 0 for a new file.
func schemaVersion(ctx context.Context, q *sql.DB) (int, error) {
	return migrations.Version(ctx, pool{q})
}

// Script runs a migration's SQL, which may hold several statements, in the
// transaction; it is not kept prepared.
func (t *wtx) Script(ctx context.Context, sql string) error {
	_, err := t.tx.ExecContext(ctx, sql)
	return err
}
