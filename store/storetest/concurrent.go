package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/govwire/govwire"
)

func init() {
	register(
		test{"ConcurrentReadersWhileWriting", testConcurrentReadersWhileWriting},
	)
}

// TestConcurrentReadersWhileWriting runs two writers and several readers
// at once: every write lands (no busy or serialization error), and readers see counts and
// sequence numbers that never go backwards.
func testConcurrentReadersWhileWriting(t *testing.T, open Opener) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := open(t, Options{})
	const n = 60
	var (
		wg     sync.WaitGroup
		errs   = make(chan error, 16)
		lastID atomic.Value
	)
	lastID.Store("")
	report := func(err error) {
		if err != nil && !errors.Is(err, context.Canceled) {
			select {
			case errs <- err:
			default:
			}
		}
	}
	wg.Add(2)
	go func() { // writer 1: articles
		defer wg.Done()
		for i := range n {
			a := article(i, "alpha")
			if _, err := db.SaveArticle(ctx, a); err != nil {
				report(err)
				return
			}
			lastID.Store(a.ID)
		}
	}()
	go func() { // writer 2: fetch log and source state
		defer wg.Done()
		for i := range n {
			report(db.LogFetch(ctx, govwire.FetchLogEntry{Source: "alpha", URL: fmt.Sprint(i), Kind: "page"}))
			report(db.SaveSourceState(ctx, govwire.SourceState{Name: "alpha", LastStatus: 200 + i}))
		}
	}()
	done := make(chan struct{})
	var readers sync.WaitGroup
	for r := range 3 {
		readers.Add(1)
		go func() {
			defer readers.Done()
			report(readLoop(ctx, db, r, done, &lastID))
		}()
	}
	wg.Wait()
	close(done)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got, err := db.CountArticles(ctx, govwire.ArticleFilter{}); err != nil || got != n {
		t.Errorf("count = %d, %v; want %d", got, err, n)
	}
	if seq, _ := db.LastSeq(ctx); seq != n {
		t.Errorf("last seq = %d, want %d", seq, n)
	}
}

// readLoop reads until done, checking that what it sees only grows.
func readLoop(ctx context.Context, db Store, r int, done <-chan struct{}, lastID *atomic.Value) error {
	var prevCount int
	var prevSeq int64
	for {
		select {
		case <-done:
			return nil
		default:
		}
		count, err := db.CountArticles(ctx, govwire.ArticleFilter{})
		if err != nil {
			return err
		}
		seq, err := db.LastSeq(ctx)
		if err != nil {
			return err
		}
		if count < prevCount || seq < prevSeq {
			return fmt.Errorf("reader %d went back: count %d->%d seq %d->%d", r, prevCount, count, prevSeq, seq)
		}
		prevCount, prevSeq = count, seq
		if id := lastID.Load().(string); id != "" {
			if _, err := db.Article(ctx, id); err != nil {
				return fmt.Errorf("reader %d: saved article %s: %w", r, id, err)
			}
		}
		scanned := 0
		if err := db.ScanArticles(ctx, govwire.ArticleFilter{NoText: true}, func(*govwire.Article) error {
			scanned++
			return nil
		}); err != nil {
			return err
		}
		if scanned < count {
			return fmt.Errorf("reader %d: scan saw %d articles after count %d", r, scanned, count)
		}
	}
}
