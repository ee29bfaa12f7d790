package digest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

// hookReceiver is a webhook endpoint over httptest that records each
// request and answers with status.
type hookReceiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	status int
	bodies [][]byte
	heads  []http.Header
}

func newHookReceiver(t *testing.T) *hookReceiver {
	h := &hookReceiver{status: http.StatusOK}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		if r.Method != http.MethodPost {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		h.bodies = append(h.bodies, b)
		h.heads = append(h.heads, r.Header.Clone())
		w.WriteHeader(h.status)
		io.WriteString(w, "hook says "+http.StatusText(h.status))
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hookReceiver) setStatus(code int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.status = code
}

func (h *hookReceiver) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.bodies)
}

func (h *hookReceiver) config() govwire.DeliverConfig {
	return govwire.DeliverConfig{Webhook: &govwire.WebhookDelivery{
		URL: h.srv.URL + "/hooks/T000/secret-token", Headers: map[string]string{"X-Team": "cloud-desk"},
	}}
}

func statuses(ds []govwire.Delivery) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, d.Channel[:strings.IndexByte(d.Channel, ':')]+"="+d.Status)
	}
	return strings.Join(parts, " ")
}

func TestDeliverFileAndWebhookOnceAcrossRestart(t *testing.T) {
	ctx := context.Background()
	db, path := seededStore(t)
	hook := newHookReceiver(t)
	dir := t.TempDir()
	cfg := govwire.DigestConfig{Name: "daily", Deliver: []govwire.DeliverConfig{
		{File: &govwire.FileDelivery{Dir: dir, Format: "md"}},
		{File: &govwire.FileDelivery{Dir: dir, Format: "html"}},
		hook.config(),
	}}
	clk := newClock(deliveryTime)
	s := newTestService(t, db, clk, cfg)
	ds, err := s.Deliver(ctx, "daily", "2026-11-25", false)
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(ds); got != "file=sent file=sent webhook=sent" {
		t.Fatalf("statuses = %q", got)
	}
	for _, ext := range []string{"md", "html"} {
		got, err := os.ReadFile(filepath.Join(dir, "daily-2026-11-25."+ext))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "daily."+ext, got) // the file is exactly the golden rendering
	}
	if strings.Contains(ds[2].Channel, "secret-token") {
		t.Errorf("channel key %q shows the webhook URL's secret", ds[2].Channel)
	}

	// The webhook got the digest JSON plus a Slack text, once.
	if hook.count() != 1 {
		t.Fatalf("webhook got %d posts, want 1", hook.count())
	}
	var p struct {
		govwire.Digest
		Text string `json:"text"`
	}
	if err := json.Unmarshal(hook.bodies[0], &p); err != nil {
		t.Fatal(err)
	}
	if p.Name != "daily" || p.Date != "2026-11-25" || len(p.Sections) != 5 || p.Sections[0].Items[1].Also[0].Source != "Wire Service (syndicated)" {
		t.Errorf("webhook digest = %+v", p.Digest)
	}
	if !strings.HasPrefix(p.Text, "*govwire digest daily, 2026-11-25: 7 stories*") ||
		!strings.Contains(p.Text, "&lt;script&gt;") || strings.Contains(p.Text, "<script>") {
		t.Errorf("webhook text = %q", p.Text)
	}
	h := hook.heads[0]
	if h.Get("Content-Type") != "application/json" || h.Get("X-Team") != "cloud-desk" ||
		h.Get("Idempotency-Key") != "digest-daily-2026-11-25@govwire" {
		t.Errorf("webhook headers = %v", h)
	}

	// Again, and after a restart (a new Service on a reopened store): nothing is sent.
	for _, f := range []string{"daily-2026-11-25.md", "daily-2026-11-25.html"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Deliver(ctx, "daily", "2026-11-25", false); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db2 := openStore(t, path)
	s2 := newTestService(t, db2, clk, cfg)
	ds, err = s2.Deliver(ctx, "daily", "2026-11-25", false)
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(ds); got != "file=sent file=sent webhook=sent" {
		t.Errorf("after restart statuses = %q", got)
	}
	if hook.count() != 1 {
		t.Errorf("webhook got %d posts after redelivery and restart, want 1", hook.count())
	}
	if _, err := os.Stat(filepath.Join(dir, "daily-2026-11-25.md")); !os.IsNotExist(err) {
		t.Errorf("file rewritten after restart: %v", err)
	}
	if err := s2.RetryFailed(ctx); err != nil || hook.count() != 1 {
		t.Errorf("RetryFailed = %v, posts %d; want nothing to do", err, hook.count())
	}

	// --force sends again, and says so in the record.
	ds, err = s2.Deliver(ctx, "daily", "2026-11-25", true)
	if err != nil {
		t.Fatal(err)
	}
	if hook.count() != 2 || ds[2].Attempts != 2 {
		t.Errorf("forced: posts %d, attempts %d; want 2 and 2", hook.count(), ds[2].Attempts)
	}
	if _, err := os.Stat(filepath.Join(dir, "daily-2026-11-25.md")); err != nil {
		t.Errorf("forced: %v", err)
	}
	recs, err := s2.Deliveries(ctx, "daily", 10)
	if err != nil || len(recs) != 3 {
		t.Errorf("Deliveries = %d records, %v; want 3", len(recs), err)
	}
}

func TestDeliverCrashedPendingLease(t *testing.T) {
	ctx := context.Background()
	db, _ := seededStore(t)
	hook := newHookReceiver(t)
	clk := newClock(deliveryTime)
	s := newTestService(t, db, clk, govwire.DigestConfig{Name: "daily", Deliver: []govwire.DeliverConfig{hook.config()}})
	chans, err := channels(s.digests["daily"], "")
	if err != nil {
		t.Fatal(err)
	}
	// A run claimed the delivery and crashed before sending (or before recording the send).
	crashed := govwire.Delivery{Digest: "daily", Date: "2026-11-25", Channel: chans[0].id,
		Status: govwire.DeliveryPending, Attempts: 1, UpdatedAt: clk.Now()}
	if err := db.SaveDelivery(ctx, crashed); err != nil {
		t.Fatal(err)
	}
	clk.Advance(DefaultLease - time.Second)
	ds, err := s.Deliver(ctx, "daily", "2026-11-25", false)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RetryFailed(ctx); err != nil {
		t.Fatal(err)
	}
	if hook.count() != 0 || ds[0].Status != govwire.DeliveryPending {
		t.Fatalf("within the lease: posts %d, status %s; want 0, pending", hook.count(), ds[0].Status)
	}
	clk.Advance(2 * time.Second)
	if err := s.RetryFailed(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Deliver(ctx, "daily", "2026-11-25", false); err != nil {
		t.Fatal(err)
	}
	if err := s.RetryFailed(ctx); err != nil {
		t.Fatal(err)
	}
	if hook.count() != 1 {
		t.Fatalf("after the lease: %d posts, want exactly 1", hook.count())
	}
	rec, err := db.Delivery(ctx, "daily", "2026-11-25", chans[0].id)
	if err != nil || rec.Status != govwire.DeliverySent || rec.Attempts != 2 {
		t.Errorf("record = %+v, %v; want sent after 2 attempts", rec, err)
	}
}

func TestDeliverWebhookFailsThenRecovers(t *testing.T) {
	ctx := context.Background()
	db, _ := seededStore(t)
	hook := newHookReceiver(t)
	hook.setStatus(http.StatusBadGateway)
	clk := newClock(deliveryTime)
	s := newTestService(t, db, clk, govwire.DigestConfig{Name: "daily", Deliver: []govwire.DeliverConfig{hook.config()}})
	ds, err := s.Deliver(ctx, "daily", "2026-11-25", false)
	if err == nil || !strings.Contains(err.Error(), "status 502") {
		t.Fatalf("err = %v, want the 502", err)
	}
	if strings.Contains(err.Error(), "secret-token") {
		t.Errorf("error shows the webhook secret: %v", err)
	}
	r := ds[0]
	if r.Status != govwire.DeliveryFailed || r.Attempts != 1 || !r.NextAttempt.Equal(clk.Now().Add(time.Minute)) ||
		!strings.Contains(r.LastError, "hook says Bad Gateway") {
		t.Fatalf("record = %+v", r)
	}
	hook.setStatus(http.StatusAccepted)
	if err := s.RetryFailed(ctx); err != nil || hook.count() != 1 {
		t.Fatalf("retry before NextAttempt: %v, %d posts; want no post", err, hook.count())
	}
	clk.Advance(time.Minute)
	if err := s.RetryFailed(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.RetryFailed(ctx); err != nil {
		t.Fatal(err)
	}
	rec, err := db.Delivery(ctx, "daily", "2026-11-25", r.Channel)
	if err != nil || rec.Status != govwire.DeliverySent || rec.Attempts != 2 || rec.LastError != "" || hook.count() != 2 {
		t.Errorf("record = %+v, %v, posts %d; want sent on the 2nd attempt", rec, err, hook.count())
	}
}

func TestDeliverEmptyDay(t *testing.T) {
	ctx := context.Background()
	db, _ := seededStore(t)
	dir := t.TempDir()
	file := func(format string) []govwire.DeliverConfig {
		return []govwire.DeliverConfig{{File: &govwire.FileDelivery{Dir: dir, Format: format}}}
	}
	s := newTestService(t, db, newClock(deliveryTime),
		govwire.DigestConfig{Name: "quiet", Deliver: file("text")},
		govwire.DigestConfig{Name: "always", SendEmpty: true, Deliver: file("md")},
	)
	ds, err := s.Deliver(ctx, "quiet", "2026-11-20", false)
	if err != nil || ds != nil {
		t.Errorf("quiet empty day: %v, %v; want no delivery", ds, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "quiet-2026-11-20.txt")); !os.IsNotExist(err) {
		t.Errorf("quiet digest written: %v", err)
	}
	if _, err := s.Deliver(ctx, "always", "2026-11-20", false); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "always-2026-11-20.md"))
	if err != nil || !strings.Contains(string(b), "Nothing new") {
		t.Errorf("always: %q, %v", b, err)
	}
}

func TestBackoff(t *testing.T) {
	for n, want := range map[int]time.Duration{0: time.Minute, 1: time.Minute, 2: 2 * time.Minute, 5: 16 * time.Minute, 9: 256 * time.Minute, 10: 6 * time.Hour, 64: 6 * time.Hour} {
		if got := backoff(n); got != want {
			t.Errorf("backoff(%d) = %v, want %v", n, got, want)
		}
	}
}

func TestDeliverGivesUp(t *testing.T) {
	ctx := context.Background()
	db, _ := seededStore(t)
	hook := newHookReceiver(t)
	hook.setStatus(http.StatusInternalServerError)
	clk := newClock(deliveryTime)
	s := newTestService(t, db, clk, govwire.DigestConfig{Name: "daily", Deliver: []govwire.DeliverConfig{hook.config()}})
	if _, err := s.Deliver(ctx, "daily", "2026-11-25", false); err == nil {
		t.Fatal("want a failure")
	}
	for i := 1; i < maxAttempts; i++ {
		clk.Advance(backoff(i))
		if err := s.RetryFailed(ctx); err == nil {
			t.Fatalf("retry %d: want a failure", i)
		}
	}
	clk.Advance(24 * time.Hour)
	if err := s.RetryFailed(ctx); err != nil {
		t.Fatal(err)
	}
	ds, err := s.Deliver(ctx, "daily", "2026-11-25", false)
	if err != nil {
		t.Fatal(err)
	}
	r := ds[0]
	if hook.count() != maxAttempts || r.Attempts != maxAttempts || !r.NextAttempt.IsZero() ||
		!strings.HasPrefix(r.LastError, "gave up after 10 attempts") {
		t.Errorf("posts %d, record %+v; want %d attempts, then given up", hook.count(), r, maxAttempts)
	}
	hook.setStatus(http.StatusOK)
	if _, err := s.Deliver(ctx, "daily", "2026-11-25", true); err != nil || hook.count() != maxAttempts+1 {
		t.Errorf("forced after giving up: %v, %d posts", err, hook.count())
	}
}

// TestDeliverConcurrent: runs racing in one process send once.
func TestDeliverConcurrent(t *testing.T) {
	ctx := context.Background()
	db, _ := seededStore(t)
	hook := newHookReceiver(t)
	s := newTestService(t, db, newClock(deliveryTime), govwire.DigestConfig{Name: "daily", Deliver: []govwire.DeliverConfig{hook.config()}})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			_, err := s.Deliver(ctx, "daily", "2026-11-25", false)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if hook.count() != 1 {
		t.Errorf("%d posts, want 1", hook.count())
	}
	if len(s.keys) != 0 {
		t.Errorf("%d delivery locks kept after the runs", len(s.keys))
	}
}

func TestTruncate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{{"short", 10, "short"}, {"abcdef", 3, "abc…"}, {"aé", 2, "a…"}} {
		if got := truncate(tt.in, tt.n); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// TestDeliverAcrossProcesses: two services, each with its own connection
// to the same SQLite file (as serve and a manual "digest --deliver" have),
// race for one delivery; the store's compare-and-swap claim lets one send.
func TestDeliverAcrossProcesses(t *testing.T) {
	ctx := context.Background()
	_, path := seededStore(t)
	hook := newHookReceiver(t)
	cfg := govwire.DigestConfig{Name: "daily", Deliver: []govwire.DeliverConfig{hook.config()}}
	var services []*Service
	for range 4 {
		services = append(services, newTestService(t, openStore(t, path), newClock(deliveryTime), cfg))
	}
	var wg sync.WaitGroup
	for _, s := range services {
		wg.Go(func() {
			if _, err := s.Deliver(ctx, "daily", "2026-11-25", false); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if hook.count() != 1 {
		t.Errorf("%d posts from 4 racing processes, want 1", hook.count())
	}
}
