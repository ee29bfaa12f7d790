// Package storetest is the contract suite of govwire's store of record:
// every test of the store's behaviour that does not depend on the driver,
// run by each driver's own tests (store/ for SQLite, store/postgres for
// PostgreSQL) so the two can never drift.
//
// A driver's test calls Run with an Opener that returns a fresh, empty
// store for one test with the Options applied (a settable clock, a small
// page size, a small fetch-log cap). Tests of one driver's internals (the
// SQLite file, its crash safety, its pragmas) stay in that driver's
// package.
//
// When you add a store method or a migration: add its test here, and its
// implementation to both drivers: once in store/internal/sqlcore when the
// SQL and logic can be the same for both (the usual case: write it with
// $1, $2 placeholders), else to store/ and store/postgres each. A
// migration goes to both migrations directories (store/postgres/migrations
// mirrors store/migrations one file for one file).
package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

// Store is what the suite tests: govwire.Store plus the extras both
// drivers provide.
type Store interface {
	govwire.Store
	// SaveArticles saves many articles in one transaction, each as
	// SaveArticle would, all or none.
	SaveArticles(ctx context.Context, arts []*govwire.Article) ([]govwire.SaveResult, error)
	// ClusterSizes counts the articles of every near-duplicate cluster.
	ClusterSizes(ctx context.Context) (map[string]int, error)
	// FetchLog returns up to limit of the newest fetch log entries.
	FetchLog(ctx context.Context, source string, limit int) ([]govwire.FetchLogEntry, error)
}

// Options are test knobs a driver applies to a fresh store. Zero values
// keep the driver's defaults.
type Options struct {
	Now      func() time.Time // the store's clock
	PageSize int              // rows per ScanArticles page
	LogCap   int              // rows kept in the fetch log
}

// Apply sets the knobs o gives (its non-zero fields) on a driver's
// settings.
func (o Options) Apply(now *func() time.Time, pageSize, logCap *int) {
	if o.Now != nil {
		*now = o.Now
	}
	if o.PageSize > 0 {
		*pageSize = o.PageSize
	}
	if o.LogCap > 0 {
		*logCap = o.LogCap
	}
}

// Opener opens a fresh, empty store with o applied, closed when t ends.
type Opener func(t testing.TB, o Options) Store

// test is one contract test.
type test struct {
	name string
	fn   func(t *testing.T, open Opener)
}

// tests lists the suite; each file adds its own with register.
var tests []test

// register adds contract tests, at package init.
func register(ts ...test) { tests = append(tests, ts...) }

// Run runs every contract test against the stores open returns.
func Run(t *testing.T, open Opener) {
	if len(tests) == 0 {
		t.Fatal("storetest: no contract tests registered")
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open) })
	}
}
