package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// loadSpec is what the client process is asked to do.
type loadSpec struct {
	Base     string        `json:"base"`     // http://host:port of the server
	Clients  int           `json:"clients"`  // closed loop: concurrent clients
	Rate     float64       `json:"rate"`     // open loop: requests per second (0: closed loop)
	Duration time.Duration `json:"duration"` // how long to send
	Timeout  time.Duration `json:"timeout"`  // a request slower than this is a timeout
	Queries  []string      `json:"queries"`
	Repeat   bool          `json:"repeat"` // go round the list; else stop when it runs out
	// Source, when set, has the client process make the query list itself
	// (Queries is then empty): the server process, whose memory is
	// measured, does not hold the hundreds of thousands of queries a run
	// may need.
	Source *querySource `json:"source,omitempty"`
}

// querySource names a query list (loadQueries' arguments) and how many of
// its last queries are kept from the clients (the comparison's).
type querySource struct {
	Spec       string `json:"spec"`
	N          int    `json:"n"`
	Seed       uint64 `json:"seed"`
	CorpusSeed uint64 `json:"corpus_seed"`
	KeepBack   int    `json:"keep_back"`
}

// queries returns the list src names, without its last KeepBack queries
// unless the list repeats.
func (src querySource) queries() ([]string, bool, error) {
	qs, err := loadQueries(src.Spec, src.N, src.Seed, src.CorpusSeed)
	if err != nil {
		return nil, false, err
	}
	if qs.repeat {
		return qs.list, true, nil
	}
	return qs.list[:max(len(qs.list)-src.KeepBack, 0)], false, nil
}

// loadResult is what the client process reports.
type loadResult struct {
	Requests  int             `json:"requests"` // answered with 200
	Errors    int             `json:"errors"`   // any other answer or failure, timeouts excluded
	Timeouts  int             `json:"timeouts"` // 504 from the server or past the client's timeout
	Sent      int             `json:"sent"`
	Exhausted bool            `json:"exhausted"` // the query list ran out before the time did
	Wall      time.Duration   `json:"wall"`
	Latencies []time.Duration `json:"-"`
	P50       time.Duration   `json:"p50"`
	P90       time.Duration   `json:"p90"`
	P99       time.Duration   `json:"p99"`
	Max       time.Duration   `json:"max"`
	FirstErr  string          `json:"first_error,omitempty"`
}

// clientReady is the line the client process writes when it is about to
// send, before its result.
const clientReady = "ready\n"

// maxInFlight bounds the open loop's outstanding requests; past it a
// request is counted as an error rather than queued without limit.
const maxInFlight = 2000

// runLoad sends the queries of s to the server and measures each request
// from the moment it was due: in the open loop that includes any time it
// waited behind slower ones (no coordinated omission).
func runLoad(ctx context.Context, s loadSpec) *loadResult {
	conns := s.Clients
	if s.Rate > 0 {
		conns = maxInFlight
	}
	tr := &http.Transport{MaxIdleConnsPerHost: min(conns, 256), MaxConnsPerHost: conns}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: s.Timeout}
	ctx, cancel := context.WithTimeout(ctx, s.Duration)
	defer cancel()

	var next atomic.Int64
	take := func() (string, bool) {
		i := int(next.Add(1) - 1)
		if i >= len(s.Queries) && !s.Repeat {
			return "", false
		}
		return s.Queries[i%len(s.Queries)], true
	}
	res := &loadResult{}
	var mu sync.Mutex
	record := func(due time.Time, err error) {
		d := time.Since(due)
		mu.Lock()
		defer mu.Unlock()
		res.Sent++
		var te timeoutError
		switch {
		case err == nil:
			res.Requests++
			res.Latencies = append(res.Latencies, d)
		case errors.As(err, &te):
			res.Timeouts++
		default:
			res.Errors++
			if res.FirstErr == "" {
				res.FirstErr = err.Error()
			}
		}
	}
	var exhausted atomic.Bool
	start := time.Now()
	var wg sync.WaitGroup
	if s.Rate <= 0 {
		for range s.Clients {
			wg.Go(func() {
				for ctx.Err() == nil {
					q, ok := take()
					if !ok {
						exhausted.Store(true)
						return
					}
					t0 := time.Now()
					err := get(ctx, hc, s.Base+"/v1/search?"+q)
					if ctx.Err() != nil && err != nil {
						return // the run ended under it
					}
					record(t0, err)
				}
			})
		}
	} else {
		interval := time.Duration(float64(time.Second) / s.Rate)
		sem := make(chan struct{}, maxInFlight)
	loop:
		for i := 0; ; i++ {
			due := start.Add(time.Duration(i) * interval)
			select {
			case <-ctx.Done():
				break loop
			case <-time.After(time.Until(due)):
			}
			q, ok := take()
			if !ok {
				exhausted.Store(true)
				break
			}
			select {
			case sem <- struct{}{}:
			default:
				record(due, fmt.Errorf("more than %d requests in flight", maxInFlight))
				continue
			}
			wg.Go(func() {
				defer func() { <-sem }()
				// The request may outlive the sending window by its timeout.
				record(due, get(context.WithoutCancel(ctx), hc, s.Base+"/v1/search?"+q))
			})
		}
	}
	wg.Wait()
	res.Wall = time.Since(start)
	res.Exhausted = exhausted.Load()
	slices.Sort(res.Latencies)
	pct := func(p float64) time.Duration {
		if len(res.Latencies) == 0 {
			return 0
		}
		return res.Latencies[min(len(res.Latencies)-1, int(p*float64(len(res.Latencies))))]
	}
	res.P50, res.P90, res.P99, res.Max = pct(0.5), pct(0.9), pct(0.99), pct(1)
	return res
}

// timeoutError is a request that took too long: the server's 504 or the
// client's own timeout.
type timeoutError struct{ error }

// get fetches u and checks that the answer is a 200 search result. It does
// not decode the body: the clients share the server's cores.
func get(ctx context.Context, hc *http.Client, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return asTimeout(err)
	}
	defer resp.Body.Close()
	head := make([]byte, len(resultPrefix))
	n, _ := io.ReadFull(resp.Body, head)
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return asTimeout(err)
	}
	switch {
	case resp.StatusCode == http.StatusGatewayTimeout:
		return timeoutError{fmt.Errorf("%s: status 504", u)}
	case resp.StatusCode != http.StatusOK || string(head[:n]) != resultPrefix:
		return fmt.Errorf("%s: status %d, body starting %q", u, resp.StatusCode, head[:n])
	}
	return nil
}

// asTimeout marks err as a timeout when the client's deadline caused it,
// while waiting for the answer or reading it.
func asTimeout(err error) error {
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, context.DeadlineExceeded) {
		return timeoutError{err}
	}
	return err
}

// resultPrefix starts every search result the API writes.
const resultPrefix = `{"total":`

// clientMain is the client process: it reads a loadSpec on stdin, runs it
// and writes the loadResult on stdout.
func clientMain(ctx context.Context, in io.Reader, out io.Writer) error {
	var s loadSpec
	if err := json.NewDecoder(in).Decode(&s); err != nil {
		return fmt.Errorf("client: read spec: %w", err)
	}
	if s.Source != nil {
		var err error
		if s.Queries, s.Repeat, err = s.Source.queries(); err != nil {
			return fmt.Errorf("client: %w", err)
		}
	}
	if len(s.Queries) == 0 {
		return errors.New("client: no queries")
	}
	if _, err := io.WriteString(out, clientReady); err != nil {
		return fmt.Errorf("client: %w", err)
	}
	return json.NewEncoder(out).Encode(runLoad(ctx, s))
}
