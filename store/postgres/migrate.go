package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"

	"github.com/govwire/govwire"
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

func (db *DB) applyMigrations(ctx context.Context, ms []migration) error {
	for {
		applied, err := db.applyNext(ctx, ms)
		if err != nil || !applied {
			return err
		}
	}
}

// applyNext applies the first migration the schema lacks, under the
// migration lock; applied is false when the schema is up to date.
func (db *DB) applyNext(ctx context.Context, ms []migration) (applied bool, err error) {
	err = db.writeTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, migrationLock+db.schema); err != nil {
			return fmt.Errorf("lock migrations: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		cur, err := schemaVersion(ctx, tx)
		if err != nil {
			return err
		}
		if cur > len(ms) {
			return govwire.Errorf(govwire.EINVALID,
				"database schema version %d is newer than this govwire knows (%d): upgrade govwire", cur, len(ms))
		}
		if cur == len(ms) {
			return nil
		}
		m := ms[cur]
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return fmt.Errorf("apply migration %s: %w", m.Name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES ($1, $2, $3)`,
			m.Version, m.Name, db.nowUTC().UnixNano()); err != nil {
			return fmt.Errorf("apply migration %s: %w", m.Name, err)
		}
		db.log.Info("applied migration", "schema", db.schema, "version", m.Version, "name", m.Name)
		applied = true
		return nil
	})
	return applied, err
}

// queryer is a pool, connection or transaction.
type queryer interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// schemaVersion returns the highest applied migration, 0 for a new schema.
func schemaVersion(ctx context.Context, q queryer) (int, error) {
	var v int
	if err := q.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

// SchemaVersion is the schema's applied migration version.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) { return schemaVersion(ctx, db.pool) }
