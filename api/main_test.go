package api_test

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestMain fails the run when goroutines outlive the tests: servers,
// browsers, indexes and stores must all be shut down.
func TestMain(m *testing.M) {
	base := len(goroutines())
	code := m.Run()
	if code == 0 {
		if leaked := waitGoroutines(base, 5*time.Second); leaked != "" {
			fmt.Fprintf(os.Stderr, "goroutines leaked by the tests:\n%s\n", leaked)
			code = 1
		}
	}
	os.Exit(code)
}

// goroutines returns the stacks of the running goroutines but this one and
// the signal watcher that fuzzing starts for good.
func goroutines() []string {
	buf := make([]byte, 4<<20)
	var out []string
	for i, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		if i == 0 || strings.Contains(g, "os/signal.") {
			continue
		}
		out = append(out, g)
	}
	return out
}

// waitGoroutines waits until at most base goroutines run and returns the
// stacks of all of them if the extra ones do not finish in time.
func waitGoroutines(base int, timeout time.Duration) string {
	deadline := time.Now().Add(timeout)
	for {
		gs := goroutines()
		if len(gs) <= base {
			return ""
		}
		if time.Now().After(deadline) {
			return fmt.Sprintf("%d goroutines at start, %d now:\n%s", base, len(gs), strings.Join(gs, "\n\n"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}
