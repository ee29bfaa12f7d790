package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
	"github.com/govwire/govwire/classify"
	"github.com/govwire/govwire/config"
	"github.com/govwire/govwire/index"
	"github.com/govwire/govwire/ingest"
)

// app holds the opened parts that most commands share: the store of
// record, the current rules, the search index and the ingester.
type app struct {
	cfg   *config.Config
	log   *slog.Logger
	db    recordStore
	rules *classify.Reloader
	ix    *index.Index
	in    *ingest.Ingester
	// metrics counts ingest results once the API server exists (serve, demo).
	metrics *api.Metrics
	// indexMu serialises index catch-ups: sources save concurrently.
	indexMu sync.Mutex
	// lock is the data dir's write lock; nil for readers (openReader).
	lock *dirLock
	// health is whether the last index update worked (indexhealth.go).
	health indexHealth
	// role is serve --role (replicas.go); "" is all.
	role string
}

// classifier adapts the reloader to govwire.Classifier.
func (a *app) classifier() govwire.Classifier { return a.rules.Current() }

// openApp opens the store, loads the rules, opens the index (brought up to
// date with the store) and builds the ingester. withIndex false skips the
// index for commands that do not need it. It takes the data dir's write
// lock, held until Close: only one writer per data dir.
func openApp(ctx context.Context, e *env, withIndex bool) (*app, error) {
	return open(ctx, e, withIndex, true)
}

// openReader is openApp for commands that only read (export): it takes no
// lock, so it runs next to a serve that holds one.
func openReader(ctx context.Context, e *env, withIndex bool) (*app, error) {
	return open(ctx, e, withIndex, false)
}

func open(ctx context.Context, e *env, withIndex, lock bool) (*app, error) {
	a := &app{cfg: e.cfg, log: e.log}
	if !lock { // a reader never creates a data dir or an empty store
		if !e.haveStore() {
			return nil, govwire.Errorf(govwire.EINVALID, "no store at %s: nothing to read (check data_dir, or run govwire ingest first)", e.storePath())
		}
	}
	if err := os.MkdirAll(e.cfg.DataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	var err error
	if lock {
		if a.lock, err = lockDataDir(e.cfg.DataDir); err != nil {
			return nil, err
		}
	}
	if a.rules, err = classify.NewReloader(e.cfg.RulesDir, e.log); err != nil {
		a.Close()
		return nil, err
	}
	if a.db, err = e.openStore(ctx); err != nil {
		a.Close()
		return nil, err
	}
	if withIndex {
		// Hits take their snippets' text from the store (the index keeps none).
		o := index.Options{Log: e.log, Texts: a.db, MappedBudget: e.cfg.Index.MappedBudget()}
		if a.ix, err = index.OpenWith(e.indexPath(), o); err != nil {
			a.Close()
			return nil, err
		}
		// A failed catch-up (a full disk) is recorded and retried; the
		// store holds everything, and the index is derived from it.
		if err := a.catchUp(ctx, "open"); errors.Is(err, context.Canceled) {
			a.Close()
			return nil, fmt.Errorf("index catch-up: %w", err)
		}
	}
	a.in, err = ingest.New(ingest.Options{
		Fetch:      e.cfg.Fetch,
		Store:      a.db,
		Classifier: a.classifier,
		OnSaved:    a.indexSaved,
		OnSource:   a.sourceDone,
		Now:        e.ingestNow,
		ArticleID:  e.articleID,
		Log:        e.log,
	})
	if err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// indexSaved keeps the index current as articles are saved, and counts
// the update in the metrics. A failure is logged and recorded: the next
// save, serve's retry or the next start catches up from the store.
func (a *app) indexSaved(ctx context.Context, arts []*govwire.Article) {
	if a.ix == nil || len(arts) == 0 {
		return
	}
	_ = a.catchUp(ctx, "saved")
}

// Close closes what openApp opened.
func (a *app) Close() {
	if a.ix != nil {
		if err := a.ix.Close(); err != nil {
			a.log.Error("close index", "err", err)
		}
	}
	if a.db != nil {
		if err := a.db.Close(); err != nil {
			a.log.Error("close store", "err", err)
		}
	}
	if err := a.lock.Unlock(); err != nil {
		a.log.Error("unlock data dir", "err", err)
	}
}
