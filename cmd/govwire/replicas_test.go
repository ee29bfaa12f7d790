package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/demo"
	"github.com/govwire/govwire/store/postgres"
	"github.com/govwire/govwire/store/postgres/pgtest"
)

// TestMain runs the govwire command itself when GOVWIRE_TEST_MAIN is set,
// so tests can start real govwire processes from the test binary (which
// holds the same code as the built binary) and SIGKILL them.
func TestMain(m *testing.M) {
	if os.Getenv("GOVWIRE_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// replica is one govwire serve process of the test.
type replica struct {
	name string
	cmd  *exec.Cmd
	base string // http://127.0.0.1:port
	mu   sync.Mutex
	logs []string // stderr lines
	done chan struct{}
}

// logged reports whether a stderr line contains s.
func (r *replica) logged(s string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, l := range r.logs {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// startReplica writes a config for one process sharing dsn and starts
// `govwire serve` with it.
func startReplica(t *testing.T, name, dsn string, sources []govwire.Source, hook string) *replica {
	t.Helper()
	dir := t.TempDir()
	addr := freeAddr(t)
	var b strings.Builder
	fmt.Fprintf(&b, "data_dir: %s\nlisten: %s\nstore:\n  driver: postgres\n  dsn: %q\n", filepath.Join(dir, "data"), addr, dsn)
	b.WriteString("fetch:\n  allow_networks: [127.0.0.1/32]\n  per_host_interval: 0\nsources:\n")
	for _, s := range sources {
		fmt.Fprintf(&b, "  - {name: %q, url: %q, schedule: '@every 2s'}\n", s.Name, s.URL)
	}
	fmt.Fprintf(&b, "digests:\n  - name: daily\n    schedule: '@every 2s'\n    send_empty: true\n    deliver:\n      - webhook: {url: %q}\n", hook)
	cfg := filepath.Join(dir, "govwire.yaml")
	if err := os.WriteFile(cfg, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	r := &replica{name: name, base: "http://" + addr, done: make(chan struct{})}
	r.cmd = exec.Command(os.Args[0], "serve", "--config", cfg, "--log-level", "info")
	r.cmd.Env = append(os.Environ(), "GOVWIRE_TEST_MAIN=1")
	stderr, err := r.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(r.done)
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			r.mu.Lock()
			r.logs = append(r.logs, sc.Text())
			r.mu.Unlock()
		}
		_ = r.cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = r.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-r.done:
		case <-time.After(20 * time.Second):
			_ = r.cmd.Process.Kill()
			<-r.done
		}
		if r.logged("WARNING: DATA RACE") {
			t.Errorf("%s: the race detector reported a data race", r.name)
		}
		if t.Failed() {
			r.mu.Lock()
			defer r.mu.Unlock()
			t.Logf("%s stderr (last lines):\n%s", r.name, strings.Join(r.logs[max(0, len(r.logs)-30):], "\n"))
		}
	})
	return r
}

// total asks a replica's search API for q's total; -1 when it cannot.
func (r *replica) total(q string) int {
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get(r.base + "/v1/search?size=1&q=" + url.QueryEscape(q))
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	var body struct {
		Total int `json:"total"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&body) != nil {
		return -1
	}
	return body.Total
}

// waitFor polls cond every 50 ms until it holds or within passes.
func waitFor(within time.Duration, cond func() bool) (time.Duration, bool) {
	start := time.Now()
	for time.Since(start) < within {
		if cond() {
			return time.Since(start), true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return time.Since(start), cond()
}

// TestServeReplicasShareOnePostgres starts three govwire serve processes
// on one PostgreSQL database. One of them (the scheduler lock's holder)
// ingests the demo sources; all three answer searches with the same
// totals, and a write reaches every one's index within 2 s. SIGKILL of the
// scheduler holder hands the schedule to another within 10 s, with no
// article lost or duplicated and each digest delivered once.
func TestServeReplicasShareOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three processes")
	}
	dsn := pgtest.DSN(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	srv, err := demo.Start(ctx, demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var (
		hookMu sync.Mutex
		posts  = map[string]int{} // digest date -> deliveries received
	)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var d struct {
			Name string `json:"name"`
			Date string `json:"date"`
		}
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &d)
		hookMu.Lock()
		posts[d.Name+" "+d.Date]++
		hookMu.Unlock()
	}))
	defer hook.Close()

	var reps []*replica
	for i := range 3 {
		reps = append(reps, startReplica(t, fmt.Sprintf("replica%d", i), dsn, srv.Sources(), hook.URL))
	}
	for _, r := range reps {
		if _, ok := waitFor(30*time.Second, func() bool { return r.total("cloud") >= 0 }); !ok {
			t.Fatalf("%s never answered a search", r.name)
		}
	}
	st, err := postgres.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	// One process holds the scheduler lock and ingests the demo.
	var leader *replica
	if _, ok := waitFor(10*time.Second, func() bool {
		for _, r := range reps {
			if r.logged(`"scheduler running"`) {
				leader = r
				return true
			}
		}
		return false
	}); !ok {
		t.Fatal("no replica runs the scheduler")
	}
	for _, r := range reps {
		if r != leader && r.logged(`"scheduler running"`) {
			t.Fatalf("%s and %s both run the scheduler", leader.name, r.name)
		}
	}
	stored := func() int {
		n, _ := st.CountArticles(ctx, govwire.ArticleFilter{})
		return n
	}
	// The demo is ingested when two passes in a row add nothing.
	prev := -1
	if _, ok := waitFor(40*time.Second, func() bool {
		n := stored()
		settled := n > 0 && n == prev
		prev = n
		time.Sleep(2 * time.Second)
		return settled
	}); !ok {
		t.Fatalf("the demo ingest did not settle: %d articles", stored())
	}
	before := stored()
	if _, ok := waitFor(5*time.Second, func() bool {
		t0 := reps[0].total("cloud")
		return t0 > 0 && reps[1].total("cloud") == t0 && reps[2].total("cloud") == t0
	}); !ok {
		t.Errorf("replicas disagree on the total for cloud: %d %d %d", reps[0].total("cloud"), reps[1].total("cloud"), reps[2].total("cloud"))
	}

	// A write reaches every replica's index within 2 s.
	a := &govwire.Article{URL: "https://replica.example/zephyrine", CanonicalURL: "https://replica.example/zephyrine",
		Source: "replica-test", Title: "Zephyrine cloud award", Text: "The zephyrine cloud contract was awarded.",
		ContentHash: "zephyrine", Classification: govwire.Classification{OnTopic: true,
			Labels: []string{govwire.LabelAward}, Ruleset: "replica-test"}}
	if _, err := st.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	// Each probe is a query of its own: a repeated query may be answered
	// from the search cache for up to index.DefaultCacheLag after a change
	// (issue 10's trade-off), which is not what this measures.
	probe := 0
	for _, r := range reps {
		took, ok := waitFor(2*time.Second, func() bool {
			probe++
			return r.total(fmt.Sprintf("zephyrine -nosuchword%d", probe)) == 1
		})
		if !ok {
			t.Errorf("%s: the write was not searchable within 2 s", r.name)
			continue
		}
		t.Logf("%s: searchable %v after the write", r.name, took.Round(time.Millisecond))
	}

	// SIGKILL the scheduler holder: another takes over within 10 s.
	if err := leader.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed := time.Now()
	var next *replica
	took, ok := waitFor(10*time.Second, func() bool {
		for _, r := range reps {
			if r != leader && r.logged(`"scheduler running"`) {
				next = r
				return true
			}
		}
		return false
	})
	if !ok {
		t.Fatalf("no replica took the scheduler over within 10 s of the SIGKILL")
	}
	t.Logf("%s killed; %s runs the scheduler %v later", leader.name, next.name, took.Round(time.Millisecond))
	// Let the new holder run its sources and the digest a few times.
	time.Sleep(time.Until(killed.Add(8 * time.Second)))

	after := stored()
	if after != before+1 {
		t.Errorf("%d articles after the takeover, want the %d before plus the test's own", after, before)
	}
	var dups int
	if err := st.Pool().QueryRow(ctx, `SELECT COUNT(*) - COUNT(DISTINCT canonical_url) FROM articles`).Scan(&dups); err != nil || dups != 0 {
		t.Errorf("%d duplicate articles (%v)", dups, err)
	}
	for _, r := range reps {
		if r == leader {
			continue
		}
		if _, ok := waitFor(3*time.Second, func() bool { return r.total("cloud") == reps[indexOf(reps, next)].total("cloud") }); !ok {
			t.Errorf("%s disagrees with %s after the takeover", r.name, next.name)
		}
	}
	ds, err := st.Deliveries(ctx, "daily", 100)
	if err != nil {
		t.Fatal(err)
	}
	hookMu.Lock()
	defer hookMu.Unlock()
	if len(ds) == 0 || len(posts) == 0 {
		t.Fatalf("no digest delivered: records %v, webhook posts %v", ds, posts)
	}
	for key, n := range posts {
		if n != 1 {
			t.Errorf("digest %s delivered %d times", key, n)
		}
	}
	for _, d := range ds {
		if d.Status != govwire.DeliverySent {
			t.Errorf("delivery %+v not sent", d)
		}
	}
}

func indexOf(reps []*replica, r *replica) int {
	for i, x := range reps {
		if x == r {
			return i
		}
	}
	return 0
}
