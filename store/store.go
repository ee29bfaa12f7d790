// Package store is govwire's store of record: articles with their text,
// near-duplicate clusters and classification, each source's fetch state, the
// fetch log and digest deliveries, kept in one SQLite file through the pure-Go
// modernc.org/sqlite driver.
//
// The file runs in WAL mode with a busy timeout, foreign keys on and
// synchronous=NORMAL. All writes go through one writer connection, so write
// transactions never contend; reads use a separate pool of read-only
// connections and never block the writer. The schema is versioned by the
// embedded migrations/*.sql files.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/store/internal/sqlcore"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Tuning knobs.
const (
	busyTimeout    = 10 * time.Second
	scanPageSize   = 500    // articles read per page by ScanArticles
	fetchLogLimit  = 10_000 // rows kept in the fetch log
	minReadConns   = 4
	dirPermissions = 0o750
)

var _ govwire.Store = (*DB)(nil)

// DB is an open store. It is safe for concurrent use. Most of its methods
// are the ones both drivers share (store/internal/sqlcore), run over the
// writer connection and the read pool.
type DB struct {
	sqlcore.Store
	cfg   *sqlcore.Config // the shared methods' connections and knobs
	path  string
	write *sql.DB // one connection: every write transaction
	read  *sql.DB // read-only pool
	log   *slog.Logger
	stmts *stmtCache
}

// dialect is how SQLite's SQL differs from the shared SQL: one writer, so
// nothing is locked for update; a list is bound as JSON text; the
// near-duplicate candidates are read from their covering index
// (migration 0004), which the planner would not pick without statistics.
var dialect = sqlcore.Dialect{
	NearIndex: " INDEXED BY articles_near",
	InList:    func(expr, ph string) string { return expr + " IN (SELECT value FROM json_each(" + ph + "))" },
	ListArg: func(vals []string) (any, error) {
		b, err := json.Marshal(vals)
		return string(b), err
	},
}

// Open opens the store at path, creating the file and its parent directory
// when missing, and brings the schema up to date. A nil log discards logs.
func Open(ctx context.Context, path string, log *slog.Logger) (*DB, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := checkPath(path); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), dirPermissions); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db := &DB{path: path, log: log, stmts: newStmtCache()}
	db.cfg = &sqlcore.Config{WriteTx: db.sharedTx, Dialect: dialect, Now: time.Now,
		PageSize: scanPageSize, LogCap: fetchLogLimit}
	db.Store = sqlcore.New(db.cfg)
	if err := db.open(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	log.Debug("opened store", "path", path)
	return db, nil
}

// checkPath rejects paths the driver cannot take as a plain file name.
func checkPath(path string) error {
	switch {
	case path == "":
		return govwire.Errorf(govwire.EINVALID, "store path is empty")
	case strings.ContainsAny(path, "?\x00"):
		return govwire.Errorf(govwire.EINVALID, "store path %q: must not contain '?' or NUL", path)
	case strings.HasPrefix(path, "file:") || path == ":memory:":
		return govwire.Errorf(govwire.EINVALID, "store path %q: must be a file path, not a URI", path)
	}
	return nil
}

func (db *DB) open(ctx context.Context) error {
	ms := busyTimeout.Milliseconds()
	wdsn := fmt.Sprintf("%s?_pragma=busy_timeout(%d)&_pragma=foreign_keys(1)"+
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate", db.path, ms)
	w, err := sql.Open("sqlite", wdsn)
	if err != nil {
		return err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	db.write = w
	db.cfg.Write = pool{w}
	if err := w.PingContext(ctx); err != nil {
		return err
	}
	if err := db.migrate(ctx); err != nil {
		return err
	}
	rdsn := fmt.Sprintf("%s?_pragma=busy_timeout(%d)&_query_only=1", db.path, ms)
	r, err := sql.Open("sqlite", rdsn)
	if err != nil {
		return err
	}
	n := max(minReadConns, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	db.read = r
	db.cfg.Read = pool{r}
	return r.PingContext(ctx)
}

// Close closes both connection pools.
func (db *DB) Close() error {
	errs := []error{db.stmts.close()}
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close store %s: %w", db.path, err)
	}
	return nil
}

// Path returns the file the store lives in.
func (db *DB) Path() string { return db.path }

// writeTx runs fn in one immediate transaction on the writer connection,
// committing when fn returns nil and rolling back otherwise.
func (db *DB) writeTx(ctx context.Context, fn func(tx *wtx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(&wtx{tx: tx, cache: db.stmts}); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	db.stmts.prepareWanted(ctx, db.write)
	return nil
}

// sharedTx is writeTx for the shared methods.
func (db *DB) sharedTx(ctx context.Context, fn func(sqlcore.Tx) error) error {
	return db.writeTx(ctx, func(tx *wtx) error { return fn(tx) })
}

// nowUTC is the store's clock, in UTC.
func (db *DB) nowUTC() time.Time { return db.cfg.Now().UTC() }
