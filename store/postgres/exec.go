package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/govwire/govwire/store/internal/sqlcore"
)

// runner is what the pool and a transaction share.
type runner interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// querier runs the shared SQL on the pool or in a transaction.
type querier struct{ r runner }

// Exec runs q and returns how many rows it changed.
func (q querier) Exec(ctx context.Context, sql string, args ...any) (int64, error) {
	tag, err := q.r.Exec(ctx, sql, args...)
	return tag.RowsAffected(), err
}

// QueryRow runs sql for one row.
func (q querier) QueryRow(ctx context.Context, sql string, args ...any) sqlcore.Row {
	return q.r.QueryRow(ctx, sql, args...)
}

// Query runs sql and calls fn for each row.
func (q querier) Query(ctx context.Context, fn func(sqlcore.Row) error, sql string, args ...any) error {
	rows, err := q.r.Query(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return sqlcore.Each(rows, fn)
}

// writeTx is a write transaction for the shared code.
type writeTx struct {
	querier
	db *DB
}

// NextSeq takes the next change sequence number inside the transaction and
// announces it on the change channel at commit. The counter row stays
// locked until the transaction ends: see the package doc.
func (t writeTx) NextSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := t.r.QueryRow(ctx, `UPDATE change_seq SET seq = seq + 1 WHERE id = 1 RETURNING seq`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("next seq: %w", err)
	}
	if _, err := t.r.Exec(ctx, `SELECT pg_notify($1, $2)`, t.db.Channel(), fmt.Sprint(seq)); err != nil {
		return 0, fmt.Errorf("notify change: %w", err)
	}
	return seq, nil
}

// Script runs a migration's SQL, which may hold several statements.
func (t writeTx) Script(ctx context.Context, sql string) error {
	_, err := t.r.Exec(ctx, sql)
	return err
}

// LockKey takes a transaction-scoped advisory lock on key: saves of one
// canonical URL from any process are serialised, so two processes
// fetching the same story cannot both insert it.
func (t writeTx) LockKey(ctx context.Context, key string) error {
	_, err := t.r.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 1))`, key)
	return err
}

// LastSeq is the highest Seq in the store, 0 when it holds no article: the
// committed value of the change counter, which the last change took.
func (db *DB) LastSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := db.pool.QueryRow(ctx, `SELECT seq FROM change_seq WHERE id = 1`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("last seq: %w", err)
	}
	return seq, nil
}
