package sqlcore

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"
)

// Row is one result row: *sql.Row and *sql.Rows, pgx.Row and pgx.Rows.
type Row interface{ Scan(dest ...any) error }

// Rows is a result set: *sql.Rows and pgx.Rows.
type Rows interface {
	Row
	Next() bool
	Err() error
}

// Each calls fn for each row of rows until fn fails; the caller closes
// rows.
func Each(rows Rows, fn func(Row) error) error {
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// queryAll runs sql on q and returns every row as scan reads it.
func queryAll[T any](ctx context.Context, q Querier, scan func(Row) (T, error), sql string, args ...any) ([]T, error) {
	var out []T
	err := q.Query(ctx, func(r Row) error {
		v, err := scan(r)
		if err != nil {
			return err
		}
		out = append(out, v)
		return nil
	}, sql, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Querier runs SQL written with numbered placeholders. Each driver adapts
// its connection pool and its transactions to it.
type Querier interface {
	// Exec runs q and returns how many rows it changed.
	Exec(ctx context.Context, q string, args ...any) (int64, error)
	// QueryRow runs q for one row; when there is none, Scan returns an
	// error that matches sql.ErrNoRows (pgx.ErrNoRows does).
	QueryRow(ctx context.Context, q string, args ...any) Row
	// Query runs q and calls fn for each row until fn fails, then closes
	// the rows.
	Query(ctx context.Context, fn func(Row) error, q string, args ...any) error
}

// Tx is a driver's write transaction.
type Tx interface {
	Querier
	// NextSeq takes the next change sequence number. The shared code
	// calls it as the last step before it writes the article row.
	NextSeq(ctx context.Context) (int64, error)
	// LockKey serialises, until the transaction ends, the transactions
	// that lock the same key (saves of one canonical URL) when several
	// writers may run at once; a single-writer driver does nothing.
	LockKey(ctx context.Context, key string) error
}

// Dialect is how a driver's SQL differs where the shared SQL cannot be the
// same for both.
type Dialect struct {
	// ForUpdate follows a SELECT of a row the transaction goes on to
	// write: " FOR UPDATE" where writers run concurrently, else "".
	ForUpdate string
	// InList is the condition that expr is one of the strings bound at
	// placeholder ph as ListArg's value.
	InList func(expr, ph string) string
	// ListArg is the argument InList reads: a list of strings as one
	// value.
	ListArg func(vals []string) (any, error)
	// NearIndex follows "FROM articles a" in the near-duplicate candidates
	// query: an index hint where the planner would otherwise read each
	// candidate's whole row (see store/migrations/0004_near_index.sql), or "".
	NearIndex string
}

// Config is what a driver gives the shared store code. A driver keeps the
// pointer to change its knobs in tests.
type Config struct {
	Read    Querier // reads
	Write   Querier // one writing statement outside a transaction
	WriteTx func(ctx context.Context, fn func(Tx) error) error
	Dialect Dialect
	// The store's clock, the articles read per ScanArticles page and the
	// rows kept in the fetch log.
	Now      func() time.Time
	PageSize int
	LogCap   int

	nearOnce sync.Once  // builds near
	near     sqlByCount // the near-duplicate candidates query per band count
}

// Store has the store methods whose logic and SQL both drivers share. A
// driver embeds it and adds what is its own.
type Store struct{ c *Config }

// New returns the shared store methods over c.
func New(c *Config) Store { return Store{c: c} }

// now is the store's clock, in UTC.
func (s Store) now() time.Time { return s.c.now() }

// now is the store's clock, in UTC.
func (c *Config) now() time.Time { return c.Now().UTC() }

// NotFound reports whether err means no row.
func NotFound(err error) bool { return errors.Is(err, sql.ErrNoRows) }
