// Command loadtest measures search over HTTP the way serve runs it: the
// real store and Bleve index of a data directory (made by gencorpus), the
// real API handler on a loopback listener, N concurrent clients sending a
// mix of keyword, phrase, filtered and faceted queries, and, at the same
// time, a writer saving and indexing new articles as ingest does.
//
//	gencorpus -n 100000 -store /tmp/lt/govwire.db -index /tmp/lt/index.bleve
//	loadtest -data /tmp/lt -clients 16 -duration 30s -write-rate 50
//
// It prints requests/s, latency percentiles, errors, articles written and
// the process's peak resident memory (VmHWM), which is serve's footprint.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
	"github.com/govwire/govwire/index"
	"github.com/govwire/govwire/index/corpus"
	"github.com/govwire/govwire/store"
)

// queries is the mix: keyword, phrase, filtered, faceted-with-filters,
// date-sorted and deep-ish pages.
var queries = []string{
	"q=protest",
	"q=cloud+contract",
	"q=Oracle+protest+JWCC",
	"q=%22task+order%22",
	"q=%22cloud+contract%22&label=award",
	"q=conflict+of+interest&label=allegation",
	"q=JEDI&sort=date",
	"q=award&agency=Department+of+Defense",
	"q=bid&since=2025-06-01&until=2025-12-31",
	"q=Microsoft&page=3",
	"q=GAO+decision&collapse=1",
	"label=protest&sort=date",
}

type result struct {
	latencies []time.Duration
	errors    int64
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "loadtest: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	data := fs.String("data", "", "data directory holding govwire.db and index.bleve (from gencorpus)")
	clients := fs.Int("clients", 16, "concurrent HTTP clients")
	duration := fs.Duration("duration", 30*time.Second, "how long to send requests")
	writeRate := fs.Int("write-rate", 50, "articles per second saved and indexed during the run (0: none)")
	cacheLag := fs.Duration("cache-lag", index.DefaultCacheLag, "how long a cached search may lag writes (index.Options.CacheLag)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run (server, clients, writer) to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *data == "" {
		return errors.New("-data is required")
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	log := slog.New(slog.DiscardHandler)
	db, err := store.Open(ctx, filepath.Join(*data, "govwire.db"), log)
	if err != nil {
		return err
	}
	defer db.Close()
	ix, err := index.OpenWith(filepath.Join(*data, "index.bleve"), index.Options{Log: log, CacheLag: *cacheLag})
	if err != nil {
		return err
	}
	defer ix.Close()
	srv := api.New(api.Config{Store: db, Searcher: ix, Log: log})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	sctx, stop := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- api.Serve(sctx, ln, srv.Handler(), log) }()
	base := "http://" + ln.Addr().String()

	wctx, wstop := context.WithTimeout(ctx, *duration)
	defer wstop()
	var written atomic.Int64
	var wg sync.WaitGroup
	if *writeRate > 0 {
		wg.Go(func() { written.Store(int64(write(wctx, db, ix, *writeRate))) })
	}
	res := load(wctx, base, *clients)
	wg.Wait()
	stop()
	if err := <-served; err != nil {
		return err
	}
	report(out, res, *clients, *duration, written.Load(), ix.Stats())
	return nil
}

// load runs the clients until ctx is done.
func load(ctx context.Context, base string, clients int) *result {
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	res := &result{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			var lat []time.Duration
			var errs int64
			for i := c; ctx.Err() == nil; i++ {
				t0 := time.Now()
				if err := get(ctx, hc, base+"/v1/search?"+queries[i%len(queries)]); err != nil {
					if ctx.Err() != nil {
						break
					}
					errs++
					continue
				}
				lat = append(lat, time.Since(t0))
			}
			mu.Lock()
			res.latencies = append(res.latencies, lat...)
			res.errors += errs
			mu.Unlock()
		})
	}
	wg.Wait()
	return res
}

// get fetches u and checks that the answer is a 200 search result. It does
// not decode the body: the clients share the server's cores, and a full JSON
// decode of every page would take CPU from the server it measures.
func get(ctx context.Context, hc *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	head := make([]byte, len(resultPrefix))
	if _, err := io.ReadFull(resp.Body, head); err != nil {
		return fmt.Errorf("%s: status %d: %w", u, resp.StatusCode, err)
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || string(head) != resultPrefix {
		return fmt.Errorf("%s: status %d, body %q...", u, resp.StatusCode, head)
	}
	return nil
}

// resultPrefix starts every search result the API writes.
const resultPrefix = `{"total":`

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

func report(w io.Writer, r *result, clients int, d time.Duration, written int64, st index.Stats) {
	slices.Sort(r.latencies)
	pct := func(p float64) time.Duration {
		if len(r.latencies) == 0 {
			return 0
		}
		return r.latencies[min(len(r.latencies)-1, int(p*float64(len(r.latencies))))]
	}
	fmt.Fprintf(w, "docs %d, index %.0f MB, %d clients for %s, %d articles written meanwhile\n",
		st.Docs, float64(st.SizeBytes)/1e6, clients, d, written)
	fmt.Fprintf(w, "requests %d (%.0f/s), errors %d\n", len(r.latencies), float64(len(r.latencies))/d.Seconds(), r.errors)
	fmt.Fprintf(w, "latency p50 %s  p90 %s  p99 %s  max %s\n",
		pct(0.50).Round(10*time.Microsecond), pct(0.90).Round(10*time.Microsecond),
		pct(0.99).Round(10*time.Microsecond), pct(1).Round(10*time.Microsecond))
	fmt.Fprintf(w, "peak RSS %s\n", peakRSS())
}

// peakRSS reads VmHWM from /proc/self/status.
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "unknown"
}
