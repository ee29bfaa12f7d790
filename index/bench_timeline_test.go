package index

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index/corpus"
	"github.com/govwire/govwire/internal/procstat"
)

// entityBenchIndex opens the on-disk index GOVWIRE_BENCH_INDEX names (one
// made by cmd/gencorpus, e.g. 100,000 articles), or builds an in-memory
// index of n generated articles.
func entityBenchIndex(tb testing.TB, n int) *Index {
	tb.Helper()
	if path := os.Getenv("GOVWIRE_BENCH_INDEX"); path != "" {
		ix, err := Open(path, nil)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { ix.Close() })
		return ix
	}
	g := corpus.New(corpus.Options{Seed: 7})
	arts := make([]*govwire.Article, n)
	for i := range arts {
		arts[i] = g.Next()
		arts[i].Seq = int64(i + 1)
	}
	return memIndex(tb, arts)
}

// benchEntities lists every programme, agency and vendor of ix: the
// benchmarks visit them in turn, so no answer is a repeat of the last.
func benchEntities(tb testing.TB, ix *Index) []govwire.EntityRef {
	tb.Helper()
	var out []govwire.EntityRef
	for _, typ := range []string{govwire.EntityProgramme, govwire.EntityAgency, govwire.EntityVendor} {
		refs, err := ix.Entities(context.Background(), typ, "", govwire.MaxEntityList)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, refs...)
	}
	if len(out) == 0 {
		tb.Fatal("no entities in the benchmark index")
	}
	return out
}

// timelineOf is the timeline query of one entity's page.
func timelineOf(e govwire.EntityRef) govwire.SearchQuery {
	switch e.Type {
	case govwire.EntityProgramme:
		return govwire.SearchQuery{Programmes: []string{e.Value}}
	case govwire.EntityAgency:
		return govwire.SearchQuery{Agencies: []string{e.Value}}
	}
	return govwire.SearchQuery{Vendors: []string{e.Value}}
}

// BenchmarkEntityPage answers the entity page of each programme, agency and
// vendor in turn (entity pages are not cached).
//
//	GOVWIRE_BENCH_INDEX=/tmp/gw100k/index.bleve go test -run '^$' -bench EntityPage ./index/
func BenchmarkEntityPage(b *testing.B) {
	ix := entityBenchIndex(b, 2000)
	ents := benchEntities(b, ix)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		e := ents[i%len(ents)]
		if _, err := ix.Entity(ctx, e.Type, e.Value); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTimeline answers the timeline (200 events and the month counts)
// of each programme, agency and vendor in turn.
func BenchmarkTimeline(b *testing.B) {
	ix := entityBenchIndex(b, 2000)
	ents := benchEntities(b, ix)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := ix.Timeline(ctx, timelineOf(ents[i%len(ents)])); err != nil {
			b.Fatal(err)
		}
	}
}

// TestEntityLatencyReport times every entity's page and timeline once (so
// each answer is computed, none repeated) and prints p50, p90, max and the
// process CPU per answer with the machine's load. It runs only with
// GOVWIRE_BENCH_INDEX set:
//
//	go run ./cmd/gencorpus -n 100000 -index /tmp/gw100k/index.bleve
//	GOVWIRE_BENCH_INDEX=/tmp/gw100k/index.bleve go test -run EntityLatencyReport -v ./index/
func TestEntityLatencyReport(t *testing.T) {
	if os.Getenv("GOVWIRE_BENCH_INDEX") == "" {
		t.Skip("set GOVWIRE_BENCH_INDEX to an index made by cmd/gencorpus")
	}
	ix := entityBenchIndex(t, 0)
	ents := benchEntities(t, ix)
	ctx := context.Background()
	t.Logf("%d documents, %d entities, load %s, %s", ix.Stats().Docs, len(ents), procstat.LoadAvg(), procstat.Machine())
	for _, kind := range []string{"entity page", "timeline"} {
		var took []time.Duration
		cpu0 := procstat.CPUTime()
		for _, e := range ents {
			start := time.Now()
			var err error
			if kind == "entity page" {
				_, err = ix.Entity(ctx, e.Type, e.Value)
			} else {
				_, err = ix.Timeline(ctx, timelineOf(e))
			}
			if err != nil {
				t.Fatalf("%s of %s %s: %v", kind, e.Type, e.Value, err)
			}
			took = append(took, time.Since(start))
		}
		cpu := (procstat.CPUTime() - cpu0) / time.Duration(len(ents))
		slices.Sort(took)
		q := func(p float64) time.Duration { return took[min(len(took)-1, int(p*float64(len(took))))] }
		fmt.Printf("| %s | %d | %s | %s | %s | %s | %s |\n", kind, len(took),
			ms(q(0.5)), ms(q(0.9)), ms(took[len(took)-1]), ms(cpu), procstat.LoadAvg())
	}
}
