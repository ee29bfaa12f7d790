package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/govwire/govwire/internal/procstat"
)

// words are the query vocabulary: two of them and a page make one query,
// so most queries are new to the replicas' caches.
var words = []string{"cloud", "contract", "protest", "award", "bid", "allegation", "Oracle", "Microsoft",
	"Amazon", "Google", "IBM", "JWCC", "JEDI", "Pentagon", "CIA", "NSA", "GAO", "sovereign", "tender",
	"procurement", "agency", "defense", "security", "data", "hosting", "services", "billion", "million",
	"decision", "court", "review", "vendor", "platform", "infrastructure", "government", "federal",
	"department", "program", "task", "order", "competition", "bidders", "watchdog", "inquiry", "ethics",
	"migration", "classified", "secret", "commercial", "budget", "deal", "partner", "challenge", "appeal"}

// search starts k `govwire serve --role api` replicas on the PostgreSQL
// store for each k of -replicas, each with a copy of the index, and
// measures closed-loop search over HTTP spread across them.
func (b *bench) search(ctx context.Context) error {
	fmt.Printf("\n## search capacity: %d clients closed loop for %v, queries of two words and a page (mostly uncached), spread over the replicas\n",
		b.o.clients, b.o.duration)
	fmt.Println("| replicas | requests | req/s | p50 ms | p90 ms | p99 ms | errors | load after |")
	fmt.Println("| --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, k := range b.o.replicas {
		bases, stop, err := b.startReplicas(ctx, k)
		if err != nil {
			stop()
			return err
		}
		res := load(ctx, bases, b.o.clients, b.o.duration)
		stop()
		fmt.Printf("| %d | %d | %.1f | %.1f | %.1f | %.1f | %d | %s |\n", k, len(res.lat), float64(len(res.lat))/b.o.duration.Seconds(),
			res.q(0.5), res.q(0.9), res.q(0.99), res.errors, procstat.LoadAvg())
	}
	return nil
}

// startReplicas starts k replicas and waits until each answers.
func (b *bench) startReplicas(ctx context.Context, k int) ([]string, func(), error) {
	var (
		cmds  []*exec.Cmd
		bases []string
	)
	stop := func() {
		for _, c := range cmds {
			_ = c.Process.Signal(syscall.SIGTERM)
		}
		for _, c := range cmds {
			_ = c.Wait()
		}
	}
	for i := range k {
		dir := b.path(fmt.Sprintf("replicas%d-%d", k, i))
		if err := copyDir(b.pgIndex, filepath.Join(dir, "data", "index.bleve")); err != nil {
			return nil, stop, err
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, stop, err
		}
		addr := ln.Addr().String()
		ln.Close()
		cfg := fmt.Sprintf("data_dir: %s\nlisten: %s\nstore: {driver: postgres, dsn: %q}\n", filepath.Join(dir, "data"), addr, b.pgDSN)
		cfgPath := filepath.Join(dir, "govwire.yaml")
		if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
			return nil, stop, err
		}
		c := exec.CommandContext(ctx, b.o.bin, "serve", "--role", "api", "--config", cfgPath, "--log-level", "warn")
		c.Stderr = os.Stderr
		if err := c.Start(); err != nil {
			return nil, stop, err
		}
		cmds = append(cmds, c)
		bases = append(bases, "http://"+addr)
	}
	for _, base := range bases {
		deadline := time.Now().Add(2 * time.Minute)
		for {
			resp, err := http.Get(base + "/readyz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
			if time.Now().After(deadline) {
				return nil, stop, fmt.Errorf("replica %s not ready", base)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	return bases, stop, nil
}

// result is one load run's latencies.
type result struct {
	lat    []time.Duration
	errors int
}

// q is the latency quantile p in ms.
func (r result) q(p float64) float64 {
	if len(r.lat) == 0 {
		return 0
	}
	return float64(r.lat[int(p*float64(len(r.lat)-1))].Microseconds()) / 1000
}

// load runs clients closed-loop clients, client i on replica i%len(bases).
func load(ctx context.Context, bases []string, clients int, d time.Duration) result {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var (
		mu  sync.Mutex
		res result
		wg  sync.WaitGroup
	)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(uint64(c), 7))
			hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 2}}
			base := bases[c%len(bases)]
			for ctx.Err() == nil {
				q := url.Values{"q": {words[rnd.IntN(len(words))] + " " + words[rnd.IntN(len(words))]},
					"page": {fmt.Sprint(1 + rnd.IntN(3))}}
				start := time.Now()
				ok := get(ctx, hc, base+"/v1/search?"+q.Encode())
				el := time.Since(start)
				if ctx.Err() != nil {
					return
				}
				mu.Lock()
				if ok {
					res.lat = append(res.lat, el)
				} else {
					res.errors++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(res.lat)
	return res
}

// get fetches u and reports whether it answered 200 with a JSON body.
func get(ctx context.Context, hc *http.Client, u string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return false
	}
	resp, err := hc.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	var v map[string]any
	return resp.StatusCode == http.StatusOK && json.NewDecoder(resp.Body).Decode(&v) == nil
}

// copyDir copies the directory tree src to dst.
func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}
