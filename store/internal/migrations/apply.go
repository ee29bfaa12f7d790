package migrations

import (
	"context"
	"fmt"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/store/internal/sqlcore"
)

// Tx is the transaction a migration runs in.
type Tx interface {
	sqlcore.Querier
	// Script runs sql, which may hold several statements.
	Script(ctx context.Context, sql string) error
}

// Driver is how a store driver applies migrations.
type Driver struct {
	// Read reads the schema version outside a transaction: a database
	// already up to date is opened without taking the write transaction
	// or the lock.
	Read sqlcore.Querier
	// InTx runs fn in one write transaction, committing when fn returns
	// nil; where several processes may migrate at once, it first takes a
	// lock that serialises them.
	InTx func(ctx context.Context, fn func(Tx) error) error
	// CreateTable creates schema_migrations when it is missing, in the
	// driver's DDL.
	CreateTable string
	// Now is the clock of applied_at; Applied is called after each
	// migration commits (to log it).
	Now     func() time.Time
	Applied func(Migration)
}

// Apply applies every migration of ms newer than the database's schema
// version, each in its own transaction together with its
// schema_migrations row. A database newer than ms is an EINVALID error.
func Apply(ctx context.Context, ms []Migration, d Driver) error {
	// A failure here (no schema_migrations yet) leaves it to the
	// transaction, which creates the table and reports real errors.
	if cur, err := Version(ctx, d.Read); err == nil && cur >= len(ms) {
		return checkNotNewer(cur, ms)
	}
	for {
		m, err := applyNext(ctx, ms, d)
		if err != nil || m == nil {
			return err
		}
		d.Applied(*m)
	}
}

// applyNext applies the first migration the database lacks and returns
// it; nil when the schema is up to date.
func applyNext(ctx context.Context, ms []Migration, d Driver) (*Migration, error) {
	var applied *Migration
	err := d.InTx(ctx, func(tx Tx) error {
		if _, err := tx.Exec(ctx, d.CreateTable); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		cur, err := Version(ctx, tx)
		if err != nil {
			return err
		}
		if cur >= len(ms) {
			return checkNotNewer(cur, ms)
		}
		m := ms[cur]
		if err := tx.Script(ctx, m.SQL); err != nil {
			return fmt.Errorf("apply migration %s: %w", m.Name, err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES ($1, $2, $3)`,
			m.Version, m.Name, d.Now().UTC().UnixNano()); err != nil {
			return fmt.Errorf("apply migration %s: %w", m.Name, err)
		}
		applied = &m
		return nil
	})
	if err != nil {
		return nil, err
	}
	return applied, nil
}

// checkNotNewer returns an EINVALID error when the schema version cur is
// beyond the newest migration of ms.
func checkNotNewer(cur int, ms []Migration) error {
	if cur > len(ms) {
		return govwire.Errorf(govwire.EINVALID,
			"database schema version %d is newer than this govwire knows (%d): upgrade govwire", cur, len(ms))
	}
	return nil
}

// Version returns the highest applied migration, 0 for a new database.
func Version(ctx context.Context, q sqlcore.Querier) (int, error) {
	var v int
	if err := q.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}
