package main

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index"
	"github.com/govwire/govwire/internal/procstat"
	"github.com/govwire/govwire/store"
	"github.com/govwire/govwire/store/postgres"
)

// writes saves the corpus into a new SQLite store and a new PostgreSQL
// schema, with one writer and with -writers writers, and prints articles/s.
// The last PostgreSQL run's schema is kept as b.pgDSN for the next phases.
func (b *bench) writes(ctx context.Context, arts []*govwire.Article) error {
	fmt.Println("\n## writes (SaveArticle, new articles)")
	fmt.Println("| store | writers | articles | seconds | articles/s | client CPU ms/article |")
	fmt.Println("| --- | --- | --- | --- | --- | --- |")
	for _, w := range []int{1, b.o.writers} {
		for _, driver := range []string{"sqlite", "postgres"} {
			var (
				st  govwire.ArticleStore
				err error
			)
			switch driver {
			case "sqlite":
				var db *store.DB
				db, err = store.Open(ctx, b.path(fmt.Sprintf("w%d", w), "govwire.db"), b.log)
				st = db
				if err == nil {
					defer db.Close()
					b.sqlitePath = db.Path()
				}
			default:
				var dsn string
				if dsn, err = b.schema(ctx, fmt.Sprintf("w%d", w)); err != nil {
					return err
				}
				var db *postgres.DB
				db, err = postgres.Open(ctx, dsn, b.log)
				st = db
				if err == nil {
					defer db.Close()
					b.pgDSN = dsn
				}
			}
			if err != nil {
				return err
			}
			cpu0, start := procstat.CPUTime(), time.Now()
			if err := saveAll(ctx, st, clone(arts), w); err != nil {
				return fmt.Errorf("%s, %d writers: %w", driver, w, err)
			}
			el, cpu := time.Since(start), procstat.CPUTime()-cpu0
			fmt.Printf("| %s | %d | %d | %.1f | %.0f | %.2f |\n", driver, w, len(arts), el.Seconds(),
				float64(len(arts))/el.Seconds(), float64(cpu.Microseconds())/1000/float64(len(arts)))
		}
	}
	return nil
}

// clone copies articles, so each run saves them as new.
func clone(arts []*govwire.Article) []*govwire.Article {
	out := make([]*govwire.Article, len(arts))
	for i, a := range arts {
		c := *a
		c.ID, c.ClusterID = "", ""
		out[i] = &c
	}
	return out
}

// saveAll saves arts with w concurrent writers.
func saveAll(ctx context.Context, st govwire.ArticleStore, arts []*govwire.Article, w int) error {
	var (
		next atomic.Int64
		wg   sync.WaitGroup
		errs = make(chan error, w)
	)
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(arts) {
					return
				}
				if _, err := st.SaveArticle(ctx, arts[i]); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// lag writes arts at -lag-rate through one store handle while another
// (as another process would) follows the change sequence, woken by
// notifications, and prints how long each change took to be read.
func (b *bench) lag(ctx context.Context, arts []*govwire.Article) error {
	fmt.Printf("\n## change-sequence lag (%d articles written at %d/s; a second handle follows with LISTEN/NOTIFY + ChangesSince)\n",
		len(arts), b.o.lagRate)
	writer, err := postgres.Open(ctx, b.pgDSN, b.log)
	if err != nil {
		return err
	}
	defer writer.Close()
	follower, err := postgres.Open(ctx, b.pgDSN, b.log)
	if err != nil {
		return err
	}
	defer follower.Close()
	last, err := follower.LastSeq(ctx)
	if err != nil {
		return err
	}
	var (
		mu        sync.Mutex
		committed = map[string]time.Time{}
		lags      []time.Duration
	)
	fctx, stop := context.WithCancel(ctx)
	defer stop()
	wake := make(chan struct{}, 1)
	ready := make(chan struct{})
	var once sync.Once
	go follower.WatchChanges(fctx, func(int64) {
		once.Do(func() { close(ready) })
		select {
		case wake <- struct{}{}:
		default:
		}
	})
	<-ready
	done := make(chan error, 1)
	go func() {
		for len(lags) < len(arts) {
			select {
			case <-fctx.Done():
				done <- fctx.Err()
				return
			case <-wake:
			case <-time.After(time.Second):
			}
			for {
				page, err := follower.ChangesSince(fctx, last, 500)
				if err != nil {
					done <- err
					return
				}
				now := time.Now()
				mu.Lock()
				for _, a := range page {
					if at, ok := committed[a.CanonicalURL]; ok {
						lags = append(lags, now.Sub(at))
					}
					last = a.Seq
				}
				mu.Unlock()
				if len(page) < 500 {
					break
				}
			}
		}
		done <- nil
	}()
	tick := time.NewTicker(time.Second / time.Duration(b.o.lagRate))
	defer tick.Stop()
	start := time.Now()
	for _, a := range clone(arts) {
		<-tick.C
		mu.Lock()
		committed[a.CanonicalURL] = time.Now() // the save's start: lag includes the commit
		mu.Unlock()
		if _, err := writer.SaveArticle(ctx, a); err != nil {
			return err
		}
	}
	select {
	case err := <-done:
		if err != nil {
			return err
		}
	case <-time.After(30 * time.Second):
		return fmt.Errorf("follower saw %d of %d changes", len(lags), len(arts))
	}
	slices.Sort(lags)
	q := func(p float64) time.Duration { return lags[int(p*float64(len(lags)-1))].Round(10 * time.Microsecond) }
	fmt.Printf("written in %.1f s; lag from save start to follower read: p50 %v, p90 %v, p99 %v, max %v\n",
		time.Since(start).Seconds(), q(0.5), q(0.9), q(0.99), lags[len(lags)-1].Round(10*time.Microsecond))
	return nil
}

// catchUp builds a new index from each store and prints articles/s.
func (b *bench) catchUp(ctx context.Context) error {
	fmt.Println("\n## index catch-up from the store (new on-disk Bleve index, index.CatchUp)")
	fmt.Println("| store | articles | seconds | articles/s |")
	fmt.Println("| --- | --- | --- | --- |")
	defer index.BulkGC()()
	for _, driver := range []string{"sqlite", "postgres"} {
		var (
			st  govwire.ArticleStore
			cl  func() error
			err error
		)
		if driver == "sqlite" {
			var db *store.DB
			db, err = store.Open(ctx, b.sqlitePath, b.log)
			st, cl = db, func() error { return db.Close() }
		} else {
			var db *postgres.DB
			db, err = postgres.Open(ctx, b.pgDSN, b.log)
			st, cl = db, func() error { return db.Close() }
		}
		if err != nil {
			return err
		}
		ixPath := b.path("index-" + driver + ".bleve")
		ix, err := index.Open(ixPath, b.log)
		if err != nil {
			return err
		}
		start := time.Now()
		n, err := ix.CatchUp(ctx, st)
		el := time.Since(start)
		if cerr := ix.Close(); err == nil {
			err = cerr
		}
		_ = cl()
		if err != nil {
			return err
		}
		fmt.Printf("| %s | %d | %.1f | %.0f |\n", driver, n, el.Seconds(), float64(n)/el.Seconds())
		if driver == "postgres" {
			b.pgIndex = ixPath
		}
	}
	return nil
}
