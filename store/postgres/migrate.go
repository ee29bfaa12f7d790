package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"

	"github.com/govwire/govwire/store/internal/migrations"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one embedded schema change (shared with the other driver).
type migration = migrations.Migration

// loadMigrations reads the embedded migrations in version order, checking
// that they are numbered 1, 2, 3... with no gap.
func loadMigrations(fsys fs.FS) ([]migration, error) { return migrations.Load(fsys) }

// migrationLock is the advisory lock key that serialises migrations of
// one schema across processes starting at once.
const migrationLock = "govwire-migrate:"

// migrate applies every embedded migration newer than the schema's
// version, each in its own transaction with its schema_migrations row.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := loadMigrations(migrationFS)
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	return db.applyMigrations(ctx, ms)
}

// applyMigrations applies those of ms the schema lacks, each under the
// migration lock.
func (db *DB) applyMigrations(ctx context.Context, ms []migration) error {
	return migrations.Apply(ctx, ms, migrations.Driver{
		Read: querier{db.pool},
		InTx: func(ctx context.Context, fn func(migrations.Tx) error) error {
			return db.writeTx(ctx, func(tx pgx.Tx) error {
				_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, migrationLock+db.schema)
				if err != nil {
					return fmt.Errorf("lock migrations: %w", err)
				}
				return fn(writeTx{querier{tx}, db})
			})
		},
		CreateTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`,
		Now: db.nowUTC,
		Applied: func(m migration) {
			db.log.Info("applied migration", "schema", db.schema, "version", m.Version, "name", m.Name)
		},
	})
}

// SchemaVersion is the schema's applied migration version.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	return migrations.Version(ctx, querier{db.pool})
}
