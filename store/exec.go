package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/govwire/govwire/store/internal/sqlcore"
)

// pool runs the shared SQL on a connection pool (the writer or the
// readers).
type pool struct{ db *sql.DB }

// Exec runs q and returns how many rows it changed.
func (p pool) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	return affected(p.db.ExecContext(ctx, q, args...))
}

// QueryRow runs q for one row.
func (p pool) QueryRow(ctx context.Context, q string, args ...any) sqlcore.Row {
	return p.db.QueryRowContext(ctx, q, args...)
}

// Query runs q and calls fn for each row.
func (p pool) Query(ctx context.Context, fn func(sqlcore.Row) error, q string, args ...any) error {
	rows, err := p.db.QueryContext(ctx, q, args...)
	return eachRow(rows, err, fn)
}

// Exec is ExecContext for the shared code.
func (t *wtx) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	return affected(t.ExecContext(ctx, q, args...))
}

// QueryRow is QueryRowContext for the shared code.
func (t *wtx) QueryRow(ctx context.Context, q string, args ...any) sqlcore.Row {
	return t.QueryRowContext(ctx, q, args...)
}

// Query runs q and calls fn for each row.
func (t *wtx) Query(ctx context.Context, fn func(sqlcore.Row) error, q string, args ...any) error {
	rows, err := t.QueryContext(ctx, q, args...)
	return eachRow(rows, err, fn)
}

// NextSeq returns the next change sequence number. Only the single writer
// connection calls it, inside its transaction, so numbers never repeat.
func (t *wtx) NextSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := t.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM articles`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("next seq: %w", err)
	}
	return seq, nil
}

// LockKey does nothing: the single writer connection already serialises
// every write transaction.
func (t *wtx) LockKey(context.Context, string) error { return nil }

// affected is the row count of an Exec's result.
func affected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// eachRow calls fn for each of rows, then closes them.
func eachRow(rows *sql.Rows, err error, fn func(sqlcore.Row) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	return sqlcore.Each(rows, fn)
}

// LastSeq is the highest Seq in the store, 0 when it holds no article.
func (db *DB) LastSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := db.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM articles`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("last seq: %w", err)
	}
	return seq, nil
}
