package store

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStmts bounds the writer's statement cache; queries beyond it run
// unprepared.
const maxCachedStmts = 64

// stmtCache keeps the writer's statements prepared, so a save does not
// parse its SQL again. A statement is prepared on the writer after the
// transaction that first used it commits: preparing inside the transaction
// would wait for the one connection the transaction holds.
type stmtCache struct {
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	wanted map[string]bool
	closed bool
}

func newStmtCache() *stmtCache {
	return &stmtCache{stmts: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

// get returns the prepared statement for q, or nil after noting q as wanted.
func (c *stmtCache) get(q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.stmts[q]
	if st == nil && !c.closed && len(c.stmts)+len(c.wanted) < maxCachedStmts {
		c.wanted[q] = true
	}
	return st
}

// prepareWanted prepares the statements noted as wanted on w. A failure is
// not an error: the query just stays unprepared.
func (c *stmtCache) prepareWanted(ctx context.Context, w *sql.DB) {
	c.mu.Lock()
	var qs []string
	for q := range c.wanted {
		qs = append(qs, q)
		delete(c.wanted, q)
	}
	c.mu.Unlock()
	// Preparing waits for the writer connection: never while holding mu,
	// which a transaction holding that connection may need.
	for _, q := range qs {
		st, err := w.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if c.stmts[q] == nil && !c.closed {
			c.stmts[q] = st
			st = nil
		}
		c.mu.Unlock()
		if st != nil {
			st.Close() // prepared twice, or the store is closing
		}
	}
}

// close closes every prepared statement.
func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	var first error
	for q, st := range c.stmts {
		if err := st.Close(); err != nil && first == nil {
			first = err
		}
		delete(c.stmts, q)
	}
	return first
}

// wtx is a write transaction that runs its queries through the writer's
// prepared statements.
type wtx struct {
	tx    *sql.Tx
	cache *stmtCache
}

// ExecContext is sql.Tx.ExecContext with a prepared statement when cached.
func (t *wtx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := t.cache.get(q); st != nil {
		return t.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, q, args...)
}

// QueryContext is sql.Tx.QueryContext with a prepared statement when cached.
func (t *wtx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := t.cache.get(q); st != nil {
		return t.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, q, args...)
}

// QueryRowContext is sql.Tx.QueryRowContext with a prepared statement when
// cached.
func (t *wtx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := t.cache.get(q); st != nil {
		return t.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, q, args...)
}
