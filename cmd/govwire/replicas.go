package main

import (
	"context"
	"fmt"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/digest"
	"github.com/govwire/govwire/ingest"
)

// Roles of a serve process (serve --role).
const (
	roleAll    = "all"    // scheduler (when elected) and the API
	roleAPI    = "api"    // the API and web page only: never fetches on schedule
	roleWorker = "worker" // the scheduler (when elected) only: no HTTP listener
)

var roles = []string{roleAll, roleAPI, roleWorker}

// sharedStore is a store several processes share (PostgreSQL): it elects
// the one process that runs the scheduler and tells the others' indexes
// about changes.
type sharedStore interface {
	// Lead runs lead while this process holds the lock called name.
	Lead(ctx context.Context, name string, lead func(ctx context.Context)) error
	// WatchChanges calls wake for each committed change, until ctx ends.
	WatchChanges(ctx context.Context, wake func(seq int64)) error
}

// followPoll is how often a process on a shared store checks for changes
// when no notification woke it: the fallback when notifications are lost.
var followPoll = time.Second

// newScheduler builds the scheduler of the sources and digests. It is
// built anew each time this process becomes the leader (a stopped
// scheduler does not start again), and once at start to check the
// schedules.
func (a *app) newScheduler(sources []govwire.Source, digests *digest.Service) (*ingest.Scheduler, error) {
	sched, err := ingest.NewScheduler(a.in, sources, a.log)
	if err != nil {
		return nil, err
	}
	// Each digest's own schedule, plus a job that retries failed deliveries.
	if err := digests.Schedule(sched.AddFunc); err != nil {
		return nil, err
	}
	return sched, nil
}

// runScheduler runs the scheduler until ctx ends. On a shared store only
// the process holding the scheduler lock runs it: the others wait to take
// over, within seconds of the holder's death. On SQLite the data dir's
// lock already makes this the only writer.
func (a *app) runScheduler(ctx context.Context, sources []govwire.Source, digests *digest.Service) {
	run := func(ctx context.Context) {
		sched, err := a.newScheduler(sources, digests)
		if err != nil { // checked at start: cannot happen
			a.log.Error("build scheduler", "err", err)
			return
		}
		a.log.Info("scheduler running", "sources", len(sources))
		sched.Start()
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if err := sched.Stop(sctx); err != nil {
			a.log.Warn("stop scheduler", "err", err)
		}
		a.log.Info("scheduler stopped")
	}
	s, ok := a.db.(sharedStore)
	if !ok {
		run(ctx)
		return
	}
	a.log.Info("waiting for the scheduler lock (one process of those sharing the store runs the scheduler)")
	_ = s.Lead(ctx, "scheduler", run) // returns when ctx ends
}

// followChanges keeps the index level with what other processes write to
// a shared store: woken by the store's change notifications, checking
// every followPoll as the fallback. On SQLite it returns at once (this
// process is the only writer and indexes its own saves).
func (a *app) followChanges(ctx context.Context) {
	s, ok := a.db.(sharedStore)
	if !ok {
		return
	}
	wake := make(chan struct{}, 1)
	go func() {
		_ = s.WatchChanges(ctx, func(int64) { // returns when ctx ends
			select {
			case wake <- struct{}{}:
			default:
			}
		})
	}()
	t := time.NewTicker(followPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-t.C:
		}
		if a.behind(ctx) {
			_ = a.catchUp(ctx, "follow") // logged and recorded there
		}
	}
}

// behind reports whether the store holds changes the index does not.
func (a *app) behind(ctx context.Context) bool {
	seq, err := a.ix.Seq()
	if err != nil {
		return true
	}
	last, err := a.db.LastSeq(ctx)
	return err != nil || last > seq
}

// checkRole checks serve --role.
func checkRole(role string) error {
	for _, r := range roles {
		if role == r {
			return nil
		}
	}
	return usageError{fmt.Sprintf("--role: %q: must be all, api or worker", role)}
}
