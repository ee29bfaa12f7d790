package main

import (
	"context"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/store"
)

// defaultBatch is how many articles -store saves per transaction: large
// enough that the commit and the WAL checkpoint are paid once for many
// articles, small enough that a batch's dirty pages fit the writer's cache.
const defaultBatch = 500

// storeWriter saves generated articles into the store, n per transaction
// (store.DB.SaveArticles), or one SaveArticle each when n is 1.
type storeWriter struct {
	db      *store.DB
	n       int
	pending []*govwire.Article
}

func newStoreWriter(db *store.DB, n int) *storeWriter {
	return &storeWriter{db: db, n: n, pending: make([]*govwire.Article, 0, n)}
}

// add saves a, or keeps it for the next batch.
func (w *storeWriter) add(ctx context.Context, a *govwire.Article) error {
	if w.n == 1 {
		_, err := w.db.SaveArticle(ctx, a)
		return err
	}
	w.pending = append(w.pending, a)
	if len(w.pending) < w.n {
		return nil
	}
	return w.flush(ctx)
}

// flush saves the articles kept so far.
func (w *storeWriter) flush(ctx context.Context) error {
	if len(w.pending) == 0 {
		return nil
	}
	_, err := w.db.SaveArticles(ctx, w.pending)
	clear(w.pending)
	w.pending = w.pending[:0]
	return err
}
