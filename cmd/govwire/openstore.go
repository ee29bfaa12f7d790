package main

import (
	"context"
	"os"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/config"
	"github.com/govwire/govwire/store"
	"github.com/govwire/govwire/store/postgres"
)

// recordStore is the store of record as the commands use it, whichever
// driver the config picks (store.driver).
type recordStore interface {
	govwire.Store
	// ClusterSizes counts the articles of every cluster (export).
	ClusterSizes(ctx context.Context) (map[string]int, error)
	Close() error
}

var (
	_ recordStore = (*store.DB)(nil)
	_ recordStore = (*postgres.DB)(nil)
)

// openStore opens the store of record the config names: the SQLite file
// in data_dir (the default) or the PostgreSQL database store.dsn names.
// Every command opens the store through here.
func (e *env) openStore(ctx context.Context) (recordStore, error) {
	if e.cfg.Store.Driver == config.DriverPostgres {
		return postgres.Open(ctx, e.cfg.Store.DSN, e.log)
	}
	return store.Open(ctx, e.storePath(), e.log)
}

// haveStore reports whether there is a store to read: the SQLite file
// exists, or the store is a PostgreSQL database (which Open creates the
// schema of, and which may be shared with other processes).
func (e *env) haveStore() bool {
	if e.cfg.Store.Driver == config.DriverPostgres {
		return true
	}
	_, err := os.Stat(e.storePath())
	return err == nil
}
