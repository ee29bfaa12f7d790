package main

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index"
	"github.com/govwire/govwire/index/corpus"
	"github.com/govwire/govwire/store"
)

// write saves and indexes generated articles at rate per second, the way
// ingest's OnSaved hook keeps the index current, and returns how many.
func write(ctx context.Context, db *store.DB, ix *index.Index, rate int) int {
	g := corpus.New(corpus.Options{Seed: uint64(time.Now().UnixNano())})
	tick := time.NewTicker(time.Second / 10)
	defer tick.Stop()
	n := 0
	for {
		select {
		case <-ctx.Done():
			return n
		case <-tick.C:
		}
		var batch []*govwire.Article
		for range max(rate/10, 1) {
			a := g.Next()
			a.URL = "https://loadtest.example.org/" + url.PathEscape(a.ID) + fmt.Sprint(time.Now().UnixNano())
			a.CanonicalURL, a.ID = a.URL, ""
			if _, err := db.SaveArticle(ctx, a); err != nil {
				return n
			}
			batch = append(batch, a)
		}
		if err := ix.Index(ctx, batch); err != nil {
			return n
		}
		n += len(batch)
	}
}
