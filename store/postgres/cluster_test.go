package postgres

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govwire/govwire/store/postgres/pgtest"
	"github.com/govwire/govwire/store/storetest"
)

// TestWatchChangesAcrossProcesses saves through one store handle (one
// process) and expects another handle's watcher to hear the new sequence
// number.
func TestWatchChangesAcrossProcesses(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dsn := pgtest.DSN(t)
	writer, reader := openDSN(t, dsn), openDSN(t, dsn)
	heard := make(chan int64, 16)
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	go reader.WatchChanges(wctx, func(seq int64) { heard <- seq })
	if seq := <-heard; seq != 0 {
		t.Fatalf("first wake-up %d, want 0 (connected)", seq)
	}
	a := storetest.Article(1, "alpha")
	storetest.MustSave(t, writer, a, 1)
	select {
	case seq := <-heard:
		if seq != a.Seq {
			t.Errorf("heard seq %d, want %d", seq, a.Seq)
		}
	case <-ctx.Done():
		t.Fatal("no notification of the change")
	}
}

// TestLeadOneAtATime runs three contenders for one lock. When the
// leader's connection is killed (as when its process dies) another takes
// over within seconds, and the old leader steps down at its next
// connection check; from then on at most one leads at any moment.
func TestLeadOneAtATime(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dsn := pgtest.DSN(t)
	var (
		leading  atomic.Int32 // leaders other than the first
		overlap  atomic.Bool
		turns    atomic.Int32
		down     = make(chan time.Time, 1) // when the first leader stepped down
		mu       sync.Mutex
		leaders  []int
		changed  = make(chan int, 16)
		contexts = make([]context.CancelFunc, 3)
		wg       sync.WaitGroup
	)
	for i := range 3 {
		db := openDSN(t, dsn)
		cctx, ccancel := context.WithCancel(ctx)
		contexts[i] = ccancel
		wg.Add(1)
		go func() {
			defer wg.Done()
			db.Lead(cctx, "scheduler", func(lctx context.Context) {
				if turns.Add(1) == 1 { // the leader whose session gets killed
					changed <- i
					<-lctx.Done()
					down <- time.Now()
					return
				}
				if leading.Add(1) > 1 {
					overlap.Store(true)
				}
				mu.Lock()
				leaders = append(leaders, i)
				mu.Unlock()
				changed <- i
				<-lctx.Done()
				leading.Add(-1)
			})
		}()
	}
	defer func() {
		for _, c := range contexts {
			c()
		}
		wg.Wait()
	}()
	first := <-changed
	// Kill the leader's session from outside, as a dead process's is.
	admin := openDSN(t, dsn)
	start := time.Now()
	if _, err := admin.pool.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()`); err != nil {
		t.Fatal(err)
	}
	var second int
	select {
	case second = <-changed:
	case <-ctx.Done():
		t.Fatal("nobody took over")
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("takeover took %v", took)
	}
	select {
	case at := <-down:
		if d := at.Sub(start); d > leaderCheck+leaderCheckWithin+time.Second {
			t.Errorf("the killed leader stepped down after %v", d)
		}
	case <-ctx.Done():
		t.Fatal("the killed leader never stepped down")
	}
	// The first leader (whose session died) has stepped down or does so
	// at its next check; the new leader cancelled by its own ctx hands over
	// again.
	contexts[second]()
	select {
	case third := <-changed:
		if third == second {
			t.Errorf("leader %d led again after its context ended", third)
		}
	case <-ctx.Done():
		t.Fatal("no handover after the leader stopped")
	}
	if overlap.Load() {
		t.Error("two live contenders led at once")
	}
	t.Logf("leaders in turn: %v (first %d)", leaders, first)
}

func openDSN(t *testing.T, dsn string) *DB {
	t.Helper()
	db, err := Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
