package reviewqueue

import (
	"context"
	"log/slog"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/govwire/govwire/index/corpus"
	"github.com/govwire/govwire/internal/procstat"
	"github.com/govwire/govwire/store"
)

// bigSet fills a set with n synthetic articles (15% syndicated copies,
// 15% off topic), as gencorpus writes them.
func bigSet(tb testing.TB, n int) *Set {
	tb.Helper()
	g := corpus.New(corpus.Options{Seed: 1, Words: 20})
	s := NewSet()
	for range n {
		s.Put(NewEntry(g.Next(), false, 0, th))
	}
	return s
}

// BenchmarkRank100k ranks a queue of 100,000 unreviewed articles: the
// work of one GET /v1/review-queue once the queue has caught up.
func BenchmarkRank100k(b *testing.B) {
	s := bigSet(b, 100_000)
	b.ResetTimer()
	cpu := procstat.CPUTime()
	for b.Loop() {
		if p := s.Rank(Filter{}, th, 0, 20); p.Total != 100_000 {
			b.Fatalf("total %d", p.Total)
		}
	}
	reportCPU(b, cpu)
}

// reportCPU reports the CPU time per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(procstat.CPUTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkRank100kFiltered ranks the same queue narrowed to one label.
func BenchmarkRank100kFiltered(b *testing.B) {
	s := bigSet(b, 100_000)
	b.ResetTimer()
	cpu := procstat.CPUTime()
	for b.Loop() {
		s.Rank(Filter{Labels: []string{"protest"}}, th, 0, 20)
	}
	reportCPU(b, cpu)
}

// TestQueueCatchUpBig measures the first catch-up (every article read from
// the store) and the memory the queue keeps, on the store the environment
// variable GOVWIRE_QUEUE_DB names (e.g. a copy of one gencorpus wrote:
// go run ./cmd/gencorpus -n 100000 -store DIR/govwire.db -index DIR/index.bleve).
func TestQueueCatchUpBig(t *testing.T) {
	path := os.Getenv("GOVWIRE_QUEUE_DB")
	if path == "" {
		t.Skip("GOVWIRE_QUEUE_DB is not set")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, path, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	q := New(db, th, nil)
	start, cpu := time.Now(), procstat.CPUTime()
	if err := q.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("first catch-up of %d articles: %s wall, %s CPU, peak RSS %s", q.set.Len(), time.Since(start),
		procstat.CPUTime()-cpu, procstat.PeakRSS())
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("queue heap: %.1f MB", float64(after.HeapAlloc-before.HeapAlloc)/1e6)
	for range 3 {
		start, cpu = time.Now(), procstat.CPUTime()
		p, err := q.Rank(ctx, Filter{}, 0, 20)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("catch up (nothing new) + rank: %s wall, %s CPU; total %d flagged %d", time.Since(start),
			procstat.CPUTime()-cpu, p.Total, p.Flagged)
	}
	runtime.KeepAlive(q)
}
