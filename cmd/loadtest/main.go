// Command loadtest measures search over HTTP the way serve runs it: the
// real store and Bleve index of a data directory (made by gencorpus), the
// real API handler on a loopback listener, clients in a separate process
// (so the server's CPU time per request can be measured apart from theirs)
// and, at the same time, a writer saving and indexing new articles as
// ingest does.
//
//	gencorpus -n 100000 -store /tmp/lt/govwire.db -index /tmp/lt/index.bleve
//	loadtest -data /tmp/lt -clients 1 -duration 30s                 # one client, unique queries
//	loadtest -data /tmp/lt -clients 16 -duration 30s -write-rate 50 # closed loop
//	loadtest -data /tmp/lt -rate 20 -duration 60s -write-rate 50    # open loop, 20 requests/s
//	loadtest -data /tmp/lt -queries fixed ...                        # the repeated mix of issue 4
//	loadtest -data /tmp/lt -fts5 auto ...                            # plus the FTS5 baseline
//
// Queries (-queries): "unique" (default) draws keyword, phrase, field,
// filter, date-range, sort and deep-page queries from the corpus
// vocabulary with -seed, each sent once, so the index's caches do not
// answer them; "fixed" is a named mix of twelve repeated queries; a FILE
// holds one query string per line. The closed loop runs -clients clients
// back to back; the open loop (-rate) sends at a fixed rate whatever the
// answers take, and measures each request from when it was due.
//
// It prints p50/p90/p99/max, errors, timeouts, the cache hit rate, the
// server's CPU time per request (this process: store, index, API and
// writer; the clients' CPU is reported apart), its peak RSS (VmHWM) and the
// load average. With -fts5 it then runs -compare queries of the same list
// one at a time in process against Bleve and against SQLite FTS5 and
// prints both, with their ratio.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"time"

	"github.com/govwire/govwire/api"
	"github.com/govwire/govwire/index"
	"github.com/govwire/govwire/internal/procstat"
	"github.com/govwire/govwire/store"
)

// childEnv marks the client process: the same binary, started by run.
const childEnv = "GOVWIRE_LOADTEST_CLIENT"

func main() {
	ctx := context.Background()
	if os.Getenv(childEnv) != "" {
		if err := clientMain(ctx, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "loadtest client: %v\n", err)
			os.Exit(1)
		}
		return
	}
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintf(os.Stderr, "loadtest: %v\n", err)
		os.Exit(1)
	}
}

type options struct {
	data, queries, fts5, cpuProfile, dump  string
	memProfile                             string
	clients, writeRate, compare, inProcess int
	slowest                                int
	rate                                   float64
	duration, timeout, cacheLag            time.Duration
	searchTimeout                          time.Duration
	seed, corpusSeed                       uint64
	mappedBudget                           int64
	rebuildFTS5                            bool
}

func parse(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.StringVar(&o.data, "data", "", "data directory holding govwire.db and index.bleve (from gencorpus)")
	fs.StringVar(&o.queries, "queries", "unique", "unique, fixed or a FILE of query strings")
	fs.IntVar(&o.clients, "clients", 16, "closed loop: concurrent clients")
	fs.Float64Var(&o.rate, "rate", 0, "open loop: requests per second (overrides -clients)")
	fs.DurationVar(&o.duration, "duration", 30*time.Second, "how long to send requests")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Second, "a request slower than this counts as a timeout")
	fs.IntVar(&o.writeRate, "write-rate", 50, "articles per second saved and indexed during the run (0: none)")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the unique queries")
	fs.Uint64Var(&o.corpusSeed, "corpus-seed", 1, "seed gencorpus made the corpus with (its vocabulary)")
	fs.DurationVar(&o.cacheLag, "cache-lag", 0, "index.Options.CacheLag (0: the default)")
	fs.DurationVar(&o.searchTimeout, "search-timeout", 0, "index.Options.SearchTimeout (0: the default)")
	fs.Int64Var(&o.mappedBudget, "mapped-budget", 0, "index.Options.MappedBudget in MB (0: the default, -1: off)")
	fs.StringVar(&o.fts5, "fts5", "", `FTS5 baseline database ("auto": DATA/fts5.db, built when missing)`)
	fs.BoolVar(&o.rebuildFTS5, "fts5-build", false, "rebuild the FTS5 baseline from the store first")
	fs.IntVar(&o.compare, "compare", 300, "queries run in process against Bleve and FTS5, one at a time")
	fs.IntVar(&o.inProcess, "inprocess", 0, "run this many queries of the list in process, one at a time, and report CPU per query (no HTTP)")
	fs.IntVar(&o.slowest, "slowest", 0, "with -inprocess: also list this many queries that took the most CPU")
	fs.StringVar(&o.dump, "dump", "", "with -inprocess: write each result as a JSON line to this file")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the server process to this file")
	fs.StringVar(&o.memProfile, "memprofile", "", "write a heap profile of the server process to this file at the end of the load")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.data == "" {
		return o, errors.New("-data is required")
	}
	if o.fts5 == "auto" {
		o.fts5 = filepath.Join(o.data, "fts5.db")
	}
	return o, nil
}

// stickyWriter keeps the first write error, so that a report lost to a
// full disk or a closed file fails the run; the prints below rely on it.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	if err != nil {
		s.err = fmt.Errorf("write report: %w", err)
	}
	return n, err
}

func run(ctx context.Context, args []string, stdout io.Writer) (err error) {
	out := &stickyWriter{w: stdout}
	defer func() {
		if err == nil {
			err = out.err
		}
	}()
	o, err := parse(args)
	if err != nil {
		return err
	}
	log := slog.New(slog.DiscardHandler)
	db, err := store.Open(ctx, filepath.Join(o.data, "govwire.db"), log)
	if err != nil {
		return err
	}
	defer db.Close()
	ix, err := index.OpenWith(filepath.Join(o.data, "index.bleve"),
		index.Options{Log: log, CacheLag: o.cacheLag, SearchTimeout: o.searchTimeout, Texts: db, MappedBudget: o.mappedBudget << 20})
	if err != nil {
		return err
	}
	defer ix.Close()

	// Enough unique queries for the fastest run, plus the comparison's.
	n := max(int(max(o.rate, 400*float64(o.clients))*o.duration.Seconds()), 1000, o.inProcess) + o.compare
	qs, err := loadQueries(o.queries, n, o.seed, o.corpusSeed)
	if err != nil {
		return err
	}
	src := querySource{Spec: o.queries, N: n, Seed: o.seed, CorpusSeed: o.corpusSeed, KeepBack: o.compare}
	if o.inProcess == 0 && !qs.repeat {
		// The clients make their own list; this process, the server whose
		// memory is measured, keeps only the comparison's queries.
		qs.list = slices.Clone(qs.list[max(len(qs.list)-o.compare, 0):])
	}
	st := ix.Stats()
	_, _ = fmt.Fprintf(out, "docs %d, index %.0f MB, queries %s, load average %s, %s\n",
		st.Docs, float64(st.SizeBytes)/1e6, qs.name, procstat.LoadAvg(), procstat.Machine())

	if o.inProcess > 0 {
		return inProcess(ctx, out, o, ix, qs)
	}
	var rep *report
	if o.duration > 0 {
		if rep, err = serveLoad(ctx, o, db, ix, src); err != nil {
			return err
		}
		rep.print(out, o)
	}
	if o.fts5 != "" && o.compare > 0 {
		return compareFTS5(ctx, out, o, db, ix, qs, rep)
	}
	return nil
}

// report is what one load run measured.
type report struct {
	load              *loadResult
	written           int
	serverCPU         time.Duration
	clientCPU         time.Duration
	cacheHits, misses uint64
	peakRSS           string
	memory            string // the memory watch's peaks (memory.go)
	loadAfter         string
}

// serveLoad serves the API over ix, starts the client process with the
// queries, writes articles meanwhile, and measures.
func serveLoad(ctx context.Context, o options, db *store.DB, ix *index.Index, src querySource) (*report, error) {
	log := slog.New(slog.DiscardHandler)
	srv := api.New(api.Config{Store: db, Searcher: ix, Log: log})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- api.Serve(sctx, ln, srv.Handler(), log) }()

	// The comparison's queries stay unseen by the server (src.KeepBack).
	spec := loadSpec{Base: "http://" + ln.Addr().String(), Clients: o.clients, Rate: o.rate, Duration: o.duration,
		Timeout: o.timeout, Source: &src}
	clients, err := startClients(ctx, spec)
	if err != nil {
		return nil, err
	}
	// Start from a collected heap and a fresh peak: the measured memory is
	// the server's, not what opening and the query list left behind.
	debug.FreeOSMemory()
	resetPeakRSS()
	stopProfile, err := procstat.StartCPUProfile(o.cpuProfile)
	if err != nil {
		return nil, err
	}
	defer stopProfile()
	hits0, misses0 := ix.CacheStats()
	mem := watchMemory(ctx, 250*time.Millisecond)
	cpu0 := procstat.CPUTime()
	wctx, wstop := context.WithCancel(ctx)
	written := make(chan int, 1)
	if o.writeRate > 0 {
		go func() { written <- write(wctx, db, ix, o.writeRate) }()
	} else {
		written <- 0
	}
	res, clientCPU, err := clients.wait()
	wstop()
	rep := &report{load: res, written: <-written, serverCPU: procstat.CPUTime() - cpu0, clientCPU: clientCPU}
	mem.Stop()
	rep.memory = fmt.Sprintf("%s; index maps dropped %d times", mem, ix.MappedDrops())
	if err != nil {
		return nil, err
	}
	if err := procstat.WriteHeapProfile(o.memProfile); err != nil {
		return nil, err
	}
	hits, misses := ix.CacheStats()
	rep.cacheHits, rep.misses = hits-hits0, misses-misses0
	rep.peakRSS, rep.loadAfter = procstat.PeakRSS(), procstat.LoadAvg()
	stop()
	if err := <-served; err != nil {
		return nil, err
	}
	return rep, nil
}

// clientProc is the client process (this binary again), started and
// ready to send.
type clientProc struct {
	cmd    *exec.Cmd
	stdout *bufio.Reader
	stderr *bytes.Buffer
}

// startClients starts the client process and returns once it has made its
// query list and is about to send: what is measured starts then.
func startClients(ctx context.Context, spec loadSpec) (*clientProc, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	in, err := json.Marshal(spec)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, exe)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Stdin = bytes.NewReader(in)
	p := &clientProc{cmd: cmd, stderr: &bytes.Buffer{}}
	cmd.Stderr = p.stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("client process: %w", err)
	}
	p.stdout = bufio.NewReader(out)
	if line, err := p.stdout.ReadString('\n'); err != nil || line != clientReady {
		_ = cmd.Wait()
		return nil, fmt.Errorf("client process did not start: %q %v: %s", line, err, p.stderr.Bytes())
	}
	return p, nil
}

// wait returns the clients' result and CPU time.
func (p *clientProc) wait() (*loadResult, time.Duration, error) {
	var res loadResult
	derr := json.NewDecoder(p.stdout).Decode(&res)
	if err := p.cmd.Wait(); err != nil {
		return nil, 0, fmt.Errorf("client process: %w: %s", err, p.stderr.Bytes())
	}
	if derr != nil {
		return nil, 0, fmt.Errorf("client process output: %w", derr)
	}
	return &res, p.cmd.ProcessState.UserTime() + p.cmd.ProcessState.SystemTime(), nil
}

func (r *report) print(w io.Writer, o options) {
	l := r.load
	mode := fmt.Sprintf("closed loop, %d clients", o.clients)
	if o.rate > 0 {
		mode = fmt.Sprintf("open loop, %.0f requests/s", o.rate)
	}
	_, _ = fmt.Fprintf(w, "%s for %s, %d articles written meanwhile\n", mode, l.Wall.Round(time.Millisecond), r.written)
	_, _ = fmt.Fprintf(w, "requests %d (%.1f/s), errors %d, timeouts %d", l.Requests, float64(l.Requests)/l.Wall.Seconds(), l.Errors, l.Timeouts)
	if l.Exhausted {
		_, _ = fmt.Fprintf(w, " (the query list ran out)")
	}
	_, _ = fmt.Fprintln(w)
	if l.FirstErr != "" {
		_, _ = fmt.Fprintf(w, "first error: %s\n", l.FirstErr)
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
	_, _ = fmt.Fprintf(w, "latency p50 %s  p90 %s  p99 %s  max %s\n", ms(l.P50), ms(l.P90), ms(l.P99), ms(l.Max))
	hitRate := 0.0
	if r.cacheHits+r.misses > 0 {
		hitRate = float64(r.cacheHits) / float64(r.cacheHits+r.misses)
	}
	per := func(d time.Duration, n int) string {
		return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000/float64(max(n, 1)))
	}
	_, _ = fmt.Fprintf(w, "cache hit rate %.1f%% (%d of %d searches)\n", 100*hitRate, r.cacheHits, r.cacheHits+r.misses)
	// Per request sent; per answered counts the CPU of abandoned requests
	// (a client timeout cancels the search) against the answered ones.
	_, _ = fmt.Fprintf(w, "server CPU %s = %s per request (with the writer; %s per answered request); clients' CPU %s per request\n",
		r.serverCPU.Round(time.Millisecond), per(r.serverCPU, l.Sent), per(r.serverCPU, l.Requests), per(r.clientCPU, l.Sent))
	_, _ = fmt.Fprintf(w, "peak RSS %s, load average after %s\n", r.peakRSS, r.loadAfter)
	_, _ = fmt.Fprintln(w, r.memory)
}
