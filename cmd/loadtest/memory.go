package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime/metrics"
	"strconv"
	"sync"
	"time"
)

// memSample is one reading of the server process's memory, in bytes: its
// resident set split as the kernel counts it (anonymous: the Go heap, the
// runtime, SQLite's page cache; file: the index's memory-mapped segments
// and the binary) and the Go runtime's own view of the anonymous part.
type memSample struct {
	RSS, Anon, File int64
	// GoTotal is all memory the Go runtime has mapped
	// (/memory/classes/total); GoReleased the part returned to the OS.
	GoTotal, GoReleased int64
	HeapLive, HeapGoal  int64 // live heap objects; the GC's next goal
}

// memWatch samples the process's memory every interval until stopped and
// keeps the peaks: which part grows under load is what a fix must target.
type memWatch struct {
	mu       sync.Mutex
	atPeak   memSample // the sample with the largest RSS
	peakAnon int64
	peakFile int64
	n        int
	stop     context.CancelFunc
	done     chan struct{}
}

// watchMemory starts sampling; Stop ends it and returns the result.
func watchMemory(ctx context.Context, interval time.Duration) *memWatch {
	ctx, cancel := context.WithCancel(ctx)
	w := &memWatch{stop: cancel, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			w.sample()
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return w
}

func (w *memWatch) sample() {
	s, err := readMemory()
	if err != nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.n++
	if s.RSS > w.atPeak.RSS {
		w.atPeak = s
	}
	w.peakAnon = max(w.peakAnon, s.Anon)
	w.peakFile = max(w.peakFile, s.File)
}

// Stop ends the sampling (after one last sample).
func (w *memWatch) Stop() {
	w.stop()
	<-w.done
	w.sample()
}

// String reports the peaks in MB.
func (w *memWatch) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.n == 0 {
		return "memory: not sampled"
	}
	mb := func(b int64) string { return strconv.FormatFloat(float64(b)/(1<<20), 'f', 0, 64) }
	p := w.atPeak
	return fmt.Sprintf("memory at peak RSS %s MB: anon %s, file %s; Go runtime %s (released %s), heap live %s, goal %s; peak anon %s MB, peak file %s MB",
		mb(p.RSS), mb(p.Anon), mb(p.File), mb(p.GoTotal), mb(p.GoReleased), mb(p.HeapLive), mb(p.HeapGoal),
		mb(w.peakAnon), mb(w.peakFile))
}

// goMetrics are the runtime/metrics memStats reads.
var goMetrics = []string{
	"/memory/classes/total:bytes",
	"/memory/classes/heap/released:bytes",
	"/gc/heap/live:bytes",
	"/gc/heap/goal:bytes",
}

// readMemory reads /proc/self/status and the Go runtime's metrics.
func readMemory() (memSample, error) {
	var s memSample
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return s, fmt.Errorf("read memory: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := bytes.Fields(sc.Bytes())
		if len(f) < 2 {
			continue
		}
		kb, err := strconv.ParseInt(string(f[1]), 10, 64)
		if err != nil {
			continue
		}
		switch string(f[0]) {
		case "VmRSS:":
			s.RSS = kb << 10
		case "RssAnon:":
			s.Anon = kb << 10
		case "RssFile:", "RssShmem:":
			s.File += kb << 10
		}
	}
	ms := make([]metrics.Sample, len(goMetrics))
	for i, name := range goMetrics {
		ms[i].Name = name
	}
	metrics.Read(ms)
	val := func(i int) int64 {
		if ms[i].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return int64(ms[i].Value.Uint64())
	}
	s.GoTotal, s.GoReleased, s.HeapLive, s.HeapGoal = val(0), val(1), val(2), val(3)
	return s, nil
}

// resetPeakRSS starts the kernel's peak RSS count (VmHWM) afresh, so the
// peak reported is the load's; it does nothing where that is not supported.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}
