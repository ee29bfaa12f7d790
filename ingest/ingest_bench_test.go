package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"golang.org/x/sync/errgroup"
)

// benchSite serves sources feeds of perFeed articles of about 5 KB of text.
func benchSite(b *testing.B, sources, perFeed int) (*site, []govwire.Source, []string) {
	s := newSite(b)
	var srcs []govwire.Source
	var pages []string
	for f := range sources {
		var entries []feedEntry
		for i := range perFeed {
			st := newStory(uint64(1000+f*perFeed+i), fmt.Sprintf("b%d-%d", f, i), "award", 800)
			path := fmt.Sprintf("/bench%d/%s", f, st.Slug)
			s.setPage(path, st.page("Bench Outlet", ""))
			entries = append(entries, feedEntry{Path: path, Title: st.Title, Published: st.Published})
			pages = append(pages, s.url(path))
		}
		s.setFeed(fmt.Sprintf("/bench%d/feed.xml", f), "", entries)
		srcs = append(srcs, govwire.Source{Name: fmt.Sprintf("bench-%d", f), URL: s.url(fmt.Sprintf("/bench%d/feed.xml", f))})
	}
	return s, srcs, pages
}

// peakHeap samples the live heap until stop is closed and returns the
// highest value seen.
func peakHeap(stop <-chan struct{}) func() uint64 {
	var peak atomic.Uint64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { wg.Wait(); return peak.Load() }
}

const benchSources, benchPerFeed = 4, 50

// BenchmarkIngest is the end-to-end pipeline: feeds and pages from a
// loopback server with politeness off, extraction, fingerprint,
// classification and a real SQLite store (fresh each iteration).
func BenchmarkIngest(b *testing.B) {
	_, srcs, _ := benchSite(b, benchSources, benchPerFeed)
	cfg := testFetchConfig()
	b.ReportAllocs()
	stop := make(chan struct{})
	peak := peakHeap(stop)
	var articles int
	cpu0 := cpuTime()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		db := openStore(b, filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", i)))
		in, _ := newTestIngester(b, Options{Store: db, Fetch: cfg})
		b.StartTimer()
		sum, err := in.Run(context.Background(), srcs)
		if err != nil || sum.New != benchSources*benchPerFeed {
			b.Fatalf("%+v %v", sum, err)
		}
		articles += sum.New
	}
	close(stop)
	b.ReportMetric(float64(articles)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(articles), "cpu-ms/article")
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
}

// cpuTime is the CPU time this process has used, user and system: with a
// shared machine, CPU per article is steadier than wall-clock throughput.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkFetchParse is the baseline: the same feeds parsed and the same
// pages fetched at the same concurrency, with no extraction or store.
func BenchmarkFetchParse(b *testing.B) {
	_, srcs, _ := benchSite(b, benchSources, benchPerFeed)
	cfg := testFetchConfig()
	f, err := NewFetcher(cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	b.ReportAllocs()
	var pages atomic.Int64
	cpu0 := cpuTime()
	for b.Loop() {
		var g errgroup.Group
		g.SetLimit(cfg.Concurrency)
		for _, s := range srcs {
			_, feed, err := FetchFeed(context.Background(), f, s.URL, "", "", time.Now())
			if err != nil {
				b.Fatal(err)
			}
			for _, it := range feed.Items {
				g.Go(func() error {
					_, err := f.Fetch(context.Background(), Request{URL: it.Link, Kind: KindPage})
					pages.Add(1)
					return err
				})
			}
		}
		if err := g.Wait(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pages.Load())/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(pages.Load()), "cpu-ms/article")
}

// BenchmarkExtract is the extraction of one generated 5 KB article page.
func BenchmarkExtract(b *testing.B) {
	page := []byte(newStory(1, "x", "award", 800).page("Bench Outlet", ""))
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Extract(context.Background(), page, "https://bench.example.com/x", ""); err != nil {
			b.Fatal(err)
		}
	}
}
