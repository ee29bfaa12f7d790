package ingest

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

func TestNewSchedulerBadSpec(t *testing.T) {
	in, _ := newTestIngester(t, Options{})
	_, err := NewScheduler(in, []govwire.Source{
		{Name: "good", URL: "https://x.example.com/feed", Schedule: "*/15 * * * *"},
		{Name: "bad-one", URL: "https://y.example.com/feed", Schedule: "every now and then"},
	}, nil)
	if err == nil || !strings.Contains(err.Error(), "source bad-one") || !strings.Contains(err.Error(), "every now and then") {
		t.Fatalf("err = %v, want one naming the source and its spec", err)
	}
	if govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("code %q, want invalid", govwire.ErrorCode(err))
	}
}

func TestSchedulerRunsRecoversAndSkips(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for cron ticks")
	}
	s := newSite(t)
	st := newStory(77, "sched", "award", 200)
	s.setPage("/s/sched", st.page("Outlet S", ""))
	s.setFeed("/s/feed.xml", `"s"`, []feedEntry{{Path: "/s/sched", Title: st.Title, Published: st.Published}})
	in, db := newTestIngester(t, Options{})
	sch, err := NewScheduler(in, []govwire.Source{{Name: "s", URL: s.url("/s/feed.xml"), Schedule: "@every 1s"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var panics, running, maxRunning, slowRuns atomic.Int32
	if err := sch.AddFunc("@every 1s", "panicky", func(context.Context) { panics.Add(1); panic("boom") }); err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	var once sync.Once
	if err := sch.AddFunc("@every 1s", "slow", func(ctx context.Context) {
		n := running.Add(1)
		defer running.Add(-1)
		if n > maxRunning.Load() {
			maxRunning.Store(n)
		}
		slowRuns.Add(1)
		select { // the first run outlasts several ticks
		case <-release:
		case <-ctx.Done():
		}
	}); err != nil {
		t.Fatal(err)
	}
	sch.Start()
	time.Sleep(3200 * time.Millisecond)
	once.Do(func() { close(release) })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := sch.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if panics.Load() < 2 {
		t.Errorf("panicking job ran %d times: the scheduler did not survive its panic", panics.Load())
	}
	if maxRunning.Load() != 1 || slowRuns.Load() != 1 {
		t.Errorf("slow job: %d runs, %d at once; want 1 run (later ticks skipped)", slowRuns.Load(), maxRunning.Load())
	}
	if n, _ := db.CountArticles(context.Background(), govwire.ArticleFilter{}); n != 1 {
		t.Errorf("%d articles after scheduled ingests, want 1", n)
	}
	if _, feeds, _ := s.counts(); feeds < 2 {
		t.Errorf("feed fetched %d times in 3s on @every 1s", feeds)
	}
}

func TestSchedulerStopGivesUp(t *testing.T) {
	in, _ := newTestIngester(t, Options{})
	sch, err := NewScheduler(in, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	cancelled := make(chan struct{})
	if err := sch.AddFunc("@every 1s", "stuck", func(ctx context.Context) {
		close(started)
		<-ctx.Done()
		close(cancelled)
	}); err != nil {
		t.Fatal(err)
	}
	sch.Start()
	select {
	case <-started:
	case <-time.After(3 * time.Second):
		t.Fatal("job never started")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := sch.Stop(ctx); err == nil {
		t.Error("Stop returned nil while a job was stuck")
	}
	select {
	case <-cancelled:
	case <-time.After(2 * time.Second):
		t.Error("stuck job's context was not cancelled")
	}
}
