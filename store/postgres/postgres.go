package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/store/internal/sqlcore"
)

// Tuning knobs.
const (
	scanPageSize  = 500    // articles read per page by ScanArticles
	fetchLogLimit = 10_000 // rows kept in the fetch log
	maxConns      = 16     // connections in the pool
)

var _ govwire.Store = (*DB)(nil)

// DB is an open PostgreSQL store. It is safe for concurrent use, and any
// number of processes may open the same database. Most of its methods are
// the ones both drivers share (store/internal/sqlcore), run over the pool.
type DB struct {
	sqlcore.Store
	cfg    *sqlcore.Config // the shared methods' connections and knobs
	pool   *pgxpool.Pool
	schema string // current_schema(), names the notify channel and locks
	log    *slog.Logger
}

// dialect is how PostgreSQL's SQL differs from the shared SQL: writers in
// several processes, so a row read for writing is locked; a list is bound
// as a text[] array.
var dialect = sqlcore.Dialect{
	ForUpdate: " FOR UPDATE",
	InList:    func(expr, ph string) string { return expr + " = ANY(" + ph + "::text[])" },
	ListArg:   func(vals []string) (any, error) { return vals, nil },
}

// Open connects to the database dsn names and brings the schema up to
// date. A nil log discards logs.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*DB, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if dsn == "" {
		return nil, govwire.Errorf(govwire.EINVALID, "postgres store: dsn is empty")
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, govwire.Errorf(govwire.EINVALID, "postgres store: bad dsn: %v", redact(err))
	}
	cfg.MaxConns = maxConns
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres store %s: %w", where(cfg.ConnConfig), err)
	}
	db := &DB{pool: pool, log: log}
	db.cfg = &sqlcore.Config{Read: querier{pool}, Write: querier{pool}, WriteTx: db.sharedTx, Dialect: dialect,
		Now: time.Now, PageSize: scanPageSize, LogCap: fetchLogLimit}
	db.Store = sqlcore.New(db.cfg)
	if err := db.open(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres store %s: %w", where(cfg.ConnConfig), err)
	}
	log.Debug("opened postgres store", "server", where(cfg.ConnConfig), "schema", db.schema)
	return db, nil
}

func (db *DB) open(ctx context.Context) error {
	if err := db.pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&db.schema); err != nil {
		return err
	}
	if db.schema == "" {
		return govwire.Errorf(govwire.EINVALID, "no schema: the search_path names no existing schema")
	}
	return db.migrate(ctx)
}

// where names the server and database of c for messages, without the
// password.
func where(c *pgx.ConnConfig) string {
	return fmt.Sprintf("%s:%d/%s", c.Host, c.Port, c.Database)
}

// redact drops the DSN from a parse error, which may quote the password.
func redact(err error) error {
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) && pe.Unwrap() != nil {
		return pe.Unwrap()
	}
	return errors.New("cannot parse the dsn")
}

// Close closes the connection pool.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Schema is the schema the store lives in.
func (db *DB) Schema() string { return db.schema }

// Pool is the store's connection pool, for the leader lock and
// notifications (cmd/govwire) and migrate.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// writeTx runs fn in one read-committed transaction, committing when fn
// returns nil and rolling back otherwise.
func (db *DB) writeTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback(ctx) // the error being returned matters more
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// sharedTx is writeTx for the shared methods.
func (db *DB) sharedTx(ctx context.Context, fn func(sqlcore.Tx) error) error {
	return db.writeTx(ctx, func(tx pgx.Tx) error { return fn(writeTx{querier{tx}, db}) })
}

// nowUTC is the store's clock, in UTC.
func (db *DB) nowUTC() time.Time { return db.cfg.Now().UTC() }
