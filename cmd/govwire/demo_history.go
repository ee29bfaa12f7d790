package main

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/demo"
	"github.com/govwire/govwire/digest"
	"github.com/govwire/govwire/ingest"
)

// demoClock is the ingester's clock in the demo: while the sample's past
// days are replayed it reads a past instant, otherwise the real time.
type demoClock struct{ at atomic.Pointer[time.Time] }

func (c *demoClock) now() time.Time {
	if t := c.at.Load(); t != nil {
		return *t
	}
	return time.Now()
}

// replayHistory ingests the sample's past days, oldest first, each with
// the feeds as they stood at the end of that day and the clock set to it,
// so that the store holds the stories as if govwire had been running while
// they were published: each past day has its own digest (and Atom entry)
// instead of every story landing in today's. It returns the days replayed.
func (a *app) replayHistory(ctx context.Context, srv *demo.Server, clock *demoClock, sources []govwire.Source) (int, error) {
	days := recentDays(srv.History(), srv.Now(), digest.AtomDays)
	for _, t := range days {
		if err := srv.ShowUntil(t); err != nil {
			return 0, err
		}
		clock.at.Store(&t)
		sum, err := a.ingest(ctx, sources)
		if err != nil {
			clock.at.Store(nil)
			return 0, fmt.Errorf("replay %s: %w", t.Format(time.DateOnly), err)
		}
		// A source whose feed fails is left out of the later days: each
		// failure costs the fetcher's retries, and it fails again today.
		sources = slices.DeleteFunc(slices.Clone(sources), func(s govwire.Source) bool {
			return slices.ContainsFunc(sum.Errors, func(e ingest.SourceError) bool { return e.URL == s.URL })
		})
	}
	clock.at.Store(nil)
	return len(days), srv.ShowUntil(time.Time{})
}

// recentDays keeps the days of the last n before now, and the last of the
// older ones (a single pass brings in everything published before the
// period the Atom feed shows).
func recentDays(days []time.Time, now time.Time, n int) []time.Time {
	cut := now.Truncate(24*time.Hour).AddDate(0, 0, -n)
	i := 0
	for i < len(days) && days[i].Before(cut) {
		i++
	}
	if i > 0 {
		i--
	}
	return days[i:]
}

// forcePass ingests every source now, backoff or not (the replay may have
// left a failing source backing off past the real time), and adds up the
// summaries.
func (a *app) forcePass(ctx context.Context, sources []govwire.Source) (ingest.Summary, error) {
	var total ingest.Summary
	for _, s := range sources {
		sum, err := a.in.RunSource(ctx, s, true)
		if err != nil {
			return total, err
		}
		total.Add(sum)
	}
	return total, nil
}
