package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

// fxListen listens on addr, counting and holding accepted connections
// without ever answering; all is closed at cleanup.
func fxListen(t *testing.T, addr string) (net.Listener, *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	var accepted atomic.Int32
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln, &accepted
}

// fxBomb is 8 MB of zeros gzipped (about 8 KB), 8 times the test cap.
func fxBomb(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zeros := make([]byte, 1<<20)
	for range 8 {
		if _, err := zw.Write(zeros); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fxEvilMux serves the hostile endpoints; refusedAddr is a live server the
// guard must refuse.
func fxEvilMux(bomb []byte, refusedAddr string) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/good", fxStatic("application/rss+xml", fxRSS))
	mux.HandleFunc("/redirect-loopback", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+refusedAddr+"/", http.StatusFound)
	})
	mux.HandleFunc("/redirect-metadata", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	})
	mux.HandleFunc("/redirect-file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/loop/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/b", http.StatusFound) })
	mux.HandleFunc("/loop/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop/a", http.StatusFound) })
	mux.HandleFunc("/chain/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		http.Redirect(w, r, fmt.Sprintf("/chain/%d", n+1), http.StatusFound)
	})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		chunk := bytes.Repeat([]byte("<item><title>again</title></item>\n"), 1024)
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	})
	mux.HandleFunc("/huge-length", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", strconv.Itoa(50<<20))
		w.WriteHeader(http.StatusOK)
	})
	mux.HandleFunc("/trickle", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for {
			w.Write([]byte("<p>"))
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	return mux
}

func TestHostile(t *testing.T) {
	bomb := fxBomb(t)
	refusedLn, refusedHits := fxListen(t, "127.0.0.2:0")
	silentLn, silentHits := fxListen(t, "127.0.0.1:0")
	evil := fxServe(t, fxEvilMux(bomb, refusedLn.Addr().String()).ServeHTTP)
	cfg := fxConfig()
	cfg.Timeout = 1500 * time.Millisecond
	f, _ := fxFetcher(t, cfg)
	if int64(len(bomb)) >= cfg.MaxFeedBytes {
		t.Fatalf("bomb is %d bytes compressed; it must be under the cap to test it", len(bomb))
	}
	tests := []struct {
		name, url, kind string
		want            []string // substrings of the error
		code            string   // govwire.ErrorCode of the error, if any
		refused         bool     // a *RefusedError is in the chain
	}{
		{"link to 127.0.0.2", "http://" + refusedLn.Addr().String() + "/feed", KindFeed,
			[]string{"refused: address 127.0.0.2 is loopback"}, "", true},
		{"link to metadata", "http://169.254.169.254/latest/meta-data/", KindFeed,
			[]string{"refused: address 169.254.169.254 is cloud metadata"}, "", true},
		{"link to metadata v6", "http://[fd00:ec2::254]/latest/meta-data/", KindFeed,
			[]string{"refused: address fd00:ec2::254 is cloud metadata"}, "", true},
		{"redirect to 127.0.0.2", evil.URL + "/redirect-loopback", KindFeed,
			[]string{"redirect hop 1", refusedLn.Addr().String(), "127.0.0.2 is loopback"}, "", true},
		{"redirect to metadata", evil.URL + "/redirect-metadata", KindFeed,
			[]string{"redirect hop 1", "169.254.169.254 is cloud metadata"}, "", true},
		{"redirect to file", evil.URL + "/redirect-file", KindFeed, []string{`redirect to unsupported scheme "file"`}, "", false},
		{"redirect loop", evil.URL + "/loop/a", KindFeed, []string{"redirect hop 2", "redirect loop", "/loop/a"}, "", false},
		{"endless redirects", evil.URL + "/chain/0", KindFeed, []string{"stopped after 5 redirects (next: " + evil.URL + "/chain/6)"}, "", false},
		{"endless body", evil.URL + "/endless", KindFeed, []string{"body exceeds 1048576 bytes"}, govwire.ETOOLARGE, false},
		{"gzip bomb", evil.URL + "/bomb", KindFeed, []string{"body exceeds 1048576 bytes after decompression"}, govwire.ETOOLARGE, false},
		{"huge content-length", evil.URL + "/huge-length", KindPage, []string{"body exceeds 1048576 bytes (Content-Length 52428800)"}, govwire.ETOOLARGE, false},
		{"never answers", "http://" + silentLn.Addr().String() + "/feed", KindFeed, []string{"no response within 1.5s"}, govwire.ETIMEOUT, false},
		{"trickling body", evil.URL + "/trickle", KindPage, []string{"body not read within 1.5s"}, govwire.ETIMEOUT, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			resp, err := f.Fetch(context.Background(), Request{URL: tt.url, Kind: tt.kind})
			elapsed := time.Since(start)
			if err == nil {
				t.Fatalf("fetched %d bytes, want an error", len(resp.Body))
			}
			msg := err.Error()
			for _, w := range append([]string{"fetch " + tt.url + ": "}, tt.want...) {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
			var fe *FetchError
			if !errors.As(err, &fe) || fe.Attempts != 1 || fe.Retryable {
				t.Errorf("err = %#v, want a final *FetchError after 1 attempt", err)
			}
			var refused *RefusedError
			if errors.As(err, &refused) != tt.refused {
				t.Errorf("refused = %v, want %v", !tt.refused, tt.refused)
			}
			if tt.code != "" && govwire.ErrorCode(err) != tt.code {
				t.Errorf("code = %q, want %q", govwire.ErrorCode(err), tt.code)
			}
			if elapsed > cfg.Timeout+5*time.Second {
				t.Errorf("took %s with a %s timeout", elapsed, cfg.Timeout)
			}
			// The fetcher is unharmed: a good request right after works.
			if resp, err := f.Fetch(context.Background(), Request{URL: evil.URL + "/good", Kind: KindFeed}); err != nil || string(resp.Body) != fxRSS {
				t.Fatalf("good fetch after %s: %v", tt.name, err)
			}
		})
	}
	if n := silentHits.Load(); n != 1 {
		t.Errorf("the silent server saw %d connections, want 1 (timeouts are not retried)", n)
	}
	if n := refusedHits.Load(); n != 0 {
		t.Errorf("the refused server on 127.0.0.2 saw %d connections, want 0", n)
	}
}

// fxSequence answers the n-th request (from 1) with step(n, w, r) and
// counts requests and their arrival times.
type fxSequence struct {
	mu    sync.Mutex
	times []time.Time
	step  func(n int, w http.ResponseWriter, r *http.Request)
}

func (s *fxSequence) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.times = append(s.times, time.Now())
	n := len(s.times)
	s.mu.Unlock()
	s.step(n, w, r)
}

func (s *fxSequence) arrivals() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.times...)
}

// fxStatusThenOK answers the first `fails` requests with status and the
// header, then with a feed.
func fxStatusThenOK(fails, status int, header, value string) func(int, http.ResponseWriter, *http.Request) {
	return func(n int, w http.ResponseWriter, r *http.Request) {
		if n <= fails {
			if header != "" {
				w.Header().Set(header, value)
			}
			http.Error(w, "try later", status)
			return
		}
		fxStatic("application/rss+xml", fxRSS)(w, r)
	}
}

func TestFetchRetries(t *testing.T) {
	resetOnce := func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			c, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				c.Close() // connection dropped before any response
			}
			return
		}
		fxStatic("application/rss+xml", fxRSS)(w, r)
	}
	tests := []struct {
		name         string
		step         func(int, http.ResponseWriter, *http.Request)
		ctxTimeout   time.Duration
		wantAttempts int // on success, or FetchError.Attempts
		wantHits     int
		wantErr      string // "" means success
		wantStatus   int
		retryable    bool
		minGap       time.Duration // between the first two requests
	}{
		{name: "503 then 200", step: fxStatusThenOK(1, 503, "", ""), wantAttempts: 2, wantHits: 2},
		{name: "dropped connection then 200", step: resetOnce, wantAttempts: 2, wantHits: 2},
		{name: "429 with Retry-After 1", step: fxStatusThenOK(1, 429, "Retry-After", "1"), wantAttempts: 2, wantHits: 2, minGap: 900 * time.Millisecond},
		{name: "500 three times", step: fxStatusThenOK(9, 500, "", ""), wantAttempts: 3, wantHits: 3,
			wantErr: "status 500 Internal Server Error (after 3 attempts)", wantStatus: 500, retryable: true},
		{name: "404 is not retried", step: fxStatusThenOK(9, 404, "", ""), wantAttempts: 1, wantHits: 1,
			wantErr: "status 404 Not Found", wantStatus: 404},
		{name: "403 is not retried", step: fxStatusThenOK(9, 403, "", ""), wantAttempts: 1, wantHits: 1,
			wantErr: "status 403 Forbidden", wantStatus: 403},
		{name: "Retry-After over the cap", step: fxStatusThenOK(9, 429, "Retry-After", "3600"), wantAttempts: 1, wantHits: 1,
			wantErr: "retry after 1h0m0s, over the 1m0s cap", wantStatus: 429, retryable: true},
		{name: "Retry-After past the deadline", step: fxStatusThenOK(9, 503, "Retry-After", "30"), ctxTimeout: 3 * time.Second,
			wantAttempts: 1, wantHits: 1, wantErr: "next retry in 30s would pass the deadline", wantStatus: 503, retryable: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seq := &fxSequence{step: tt.step}
			srv := fxServe(t, seq.ServeHTTP)
			f, logs := fxFetcher(t, fxConfig())
			ctx := context.Background()
			if tt.ctxTimeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.ctxTimeout)
				defer cancel()
			}
			resp, err := f.Fetch(ctx, Request{URL: srv.URL + "/feed", Kind: KindFeed})
			hits := seq.arrivals()
			if len(hits) != tt.wantHits {
				t.Errorf("server saw %d requests, want %d", len(hits), tt.wantHits)
			}
			if tt.minGap > 0 && len(hits) >= 2 && hits[1].Sub(hits[0]) < tt.minGap {
				t.Errorf("retried after %s, want >= %s", hits[1].Sub(hits[0]), tt.minGap)
			}
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if resp.Attempts != tt.wantAttempts || string(resp.Body) != fxRSS {
					t.Fatalf("attempts = %d, body %q", resp.Attempts, resp.Body)
				}
				if !strings.Contains(logs.String(), "fetch retry") {
					t.Errorf("no retry logged: %s", logs)
				}
				return
			}
			var fe *FetchError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want *FetchError", err)
			}
			if !strings.Contains(err.Error(), "fetch "+srv.URL+"/feed: ") || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %q, want the URL and %q", err, tt.wantErr)
			}
			if fe.Status != tt.wantStatus || fe.Retryable != tt.retryable || fe.Attempts != tt.wantAttempts {
				t.Errorf("got status %d retryable %v attempts %d", fe.Status, fe.Retryable, fe.Attempts)
			}
			if errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err = %v: it waited for the deadline instead of giving up", err)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"5", 5 * time.Second},
		{" 120 ", 2 * time.Minute},
		{"0", 0},
		{"-3", 0},
		{"soon", 0},
		{"99999999999", 24 * time.Hour},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := parseRetryAfter(tt.in, now); got != tt.want {
				t.Errorf("parseRetryAfter(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}
