package ingest

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

const (
	fxRSS  = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>`
	fxHTML = `<!DOCTYPE html><html><head><title>t</title></head><body><p>hello</p></body></html>`
)

// fxConfig is the fetch config of these tests: only 127.0.0.1 allowed,
// politeness and robots off, 1 MB caps.
func fxConfig() govwire.FetchConfig {
	return govwire.FetchConfig{
		UserAgent:     "govwire-test/1.0 (+https://example.org)",
		Timeout:       5 * time.Second,
		MaxBodyBytes:  1 << 20,
		MaxFeedBytes:  1 << 20,
		AllowNetworks: []string{"127.0.0.1/32"},
	}
}

// fxLog is a concurrency-safe log buffer.
type fxLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *fxLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *fxLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// fxFetcher returns a fetcher with fast retries, closed at cleanup, and its
// log.
func fxFetcher(t testing.TB, cfg govwire.FetchConfig) (*Fetcher, *fxLog) {
	t.Helper()
	logs := &fxLog{}
	f, err := NewFetcher(cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatal(err)
	}
	f.backoffBase = 5 * time.Millisecond
	t.Cleanup(f.Close)
	return f, logs
}

// fxServe starts a test server for h, closed at cleanup.
func fxServe(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// fxStatic serves body with content type ct.
func fxStatic(ct, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if ct != "" {
			w.Header().Set("Content-Type", ct)
		} else {
			w.Header()["Content-Type"] = nil // no type, no sniffing by the server
		}
		fmt.Fprint(w, body)
	}
}

func TestFetchContentTypes(t *testing.T) {
	f, _ := fxFetcher(t, fxConfig())
	tests := []struct {
		name, kind, ct, body string
		wantErr              string // substring; "" means success
		wantType             string
	}{
		{"rss feed", KindFeed, "application/rss+xml; charset=utf-8", fxRSS, "", "application/rss+xml; charset=utf-8"},
		{"atom feed", KindFeed, "application/atom+xml", fxRSS, "", "application/atom+xml"},
		{"json feed", KindFeed, "application/feed+json", `{"version":"x"}`, "", "application/feed+json"},
		{"feed as text/xml", KindFeed, "text/xml", fxRSS, "", "text/xml"},
		{"feed without type is sniffed", KindFeed, "", fxRSS, "", "text/xml; charset=utf-8"},
		{"feed as image refused", KindFeed, "image/png", fxRSS, `content type "image/png" is not accepted for a feed`, ""},
		{"html page", KindPage, "text/html; charset=utf-8", fxHTML, "", "text/html; charset=utf-8"},
		{"xhtml page", KindPage, "application/xhtml+xml", fxHTML, "", "application/xhtml+xml"},
		{"empty kind is a page", "", "text/html", fxHTML, "", "text/html"},
		{"page without type is sniffed", KindPage, "", fxHTML, "", "text/html; charset=utf-8"},
		{"octet-stream page is sniffed", KindPage, "application/octet-stream", fxHTML, "", "text/html; charset=utf-8"},
		{"pdf page refused", KindPage, "application/pdf", "%PDF-1.4", `content type "application/pdf" is not accepted for a page`, ""},
		{"page as rss refused", KindPage, "application/rss+xml", fxRSS, "not accepted for a page", ""},
		{"untyped binary page refused", KindPage, "", "\x89PNG\r\n\x1a\n\x00\x00", `content type "image/png" is not accepted for a page`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := fxServe(t, fxStatic(tt.ct, tt.body))
			resp, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/x", Kind: tt.kind})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), srv.URL+"/x") {
					t.Fatalf("err = %v, want one naming the URL and %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != 200 || string(resp.Body) != tt.body || resp.ContentType != tt.wantType || resp.Attempts != 1 {
				t.Fatalf("got status %d type %q attempts %d body %q", resp.Status, resp.ContentType, resp.Attempts, resp.Body)
			}
		})
	}
}

func TestFetchHeadersAndFinalURL(t *testing.T) {
	var ua, accept, enc atomic.Value
	srv := fxServe(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
			return
		}
		ua.Store(r.UserAgent())
		accept.Store(r.Header.Get("Accept"))
		enc.Store(r.Header.Get("Accept-Encoding"))
		fxStatic("application/rss+xml", fxRSS)(w, r)
	})
	f, _ := fxFetcher(t, fxConfig())
	resp, err := f.Fetch(context.Background(), Request{URL: srv.URL + "/old", Kind: KindFeed})
	if err != nil {
		t.Fatal(err)
	}
	if resp.URL != srv.URL+"/new" {
		t.Errorf("final URL = %q, want %q", resp.URL, srv.URL+"/new")
	}
	if ua.Load() != fxConfig().UserAgent {
		t.Errorf("User-Agent = %q", ua.Load())
	}
	if !strings.Contains(accept.Load().(string), "application/rss+xml") || enc.Load() != "gzip" {
		t.Errorf("Accept = %q, Accept-Encoding = %q", accept.Load(), enc.Load())
	}
	if f.transport.Proxy != nil {
		t.Error("the transport takes a proxy (from the environment?)")
	}
	if resp.Duration <= 0 {
		t.Errorf("Duration = %v", resp.Duration)
	}
}

func TestFetchConditional(t *testing.T) {
	const etag, lastMod = `"v1"`, "Wed, 21 Oct 2026 07:28:00 GMT"
	var full, notModified atomic.Int32
	srv := fxServe(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lastMod {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		fxStatic("application/rss+xml", fxRSS)(w, r)
	})
	f, _ := fxFetcher(t, fxConfig())
	ctx := context.Background()
	first, err := f.Fetch(ctx, Request{URL: srv.URL, Kind: KindFeed})
	if err != nil {
		t.Fatal(err)
	}
	if first.NotModified || first.ETag != etag || first.LastModified != lastMod {
		t.Fatalf("first fetch: %+v", first)
	}
	tests := []struct {
		name string
		req  Request
	}{
		{"etag", Request{URL: srv.URL, Kind: KindFeed, ETag: first.ETag}},
		{"last-modified", Request{URL: srv.URL, Kind: KindFeed, LastModified: first.LastModified}},
		{"both", Request{URL: srv.URL, Kind: KindFeed, ETag: first.ETag, LastModified: first.LastModified}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := f.Fetch(ctx, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if !resp.NotModified || resp.Status != 304 || len(resp.Body) != 0 {
				t.Fatalf("got %+v, want 304 not modified", resp)
			}
			if resp.ETag != tt.req.ETag || resp.LastModified != tt.req.LastModified {
				t.Errorf("validators not kept: %q %q", resp.ETag, resp.LastModified)
			}
		})
	}
	if full.Load() != 1 || notModified.Load() != 3 {
		t.Errorf("full = %d, 304s = %d; want 1 and 3", full.Load(), notModified.Load())
	}
}

func TestFetchBadInput(t *testing.T) {
	f, _ := fxFetcher(t, fxConfig())
	tests := []struct{ name, url, kind, want string }{
		{"ftp", "ftp://example.org/feed", KindFeed, `unsupported scheme "ftp"`},
		{"file", "file:///etc/passwd", KindFeed, `unsupported scheme "file"`},
		{"no host", "http:///feed", KindFeed, "no host"},
		{"relative", "/feed", KindFeed, `unsupported scheme ""`},
		{"unknown kind", "http://127.0.0.1:1/", "video", `unknown request kind "video"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.Fetch(context.Background(), Request{URL: tt.url, Kind: tt.kind})
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "fetch "+tt.url) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	for _, cidr := range []string{"10.0.0.0/33", "not-a-network"} {
		cfg := fxConfig()
		cfg.AllowNetworks = []string{cidr}
		if _, err := NewFetcher(cfg, nil); err == nil || !strings.Contains(err.Error(), cidr) {
			t.Errorf("NewFetcher(%q) err = %v, want one naming it", cidr, err)
		}
	}
}

func TestFetchTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(fxStatic("text/html", fxHTML))
	srv.EnableHTTP2 = true
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake
	srv.StartTLS()
	t.Cleanup(srv.Close)
	f, _ := fxFetcher(t, fxConfig())
	_, err := f.Fetch(context.Background(), Request{URL: srv.URL, Kind: KindPage})
	var cert x509.UnknownAuthorityError
	if !errors.As(err, &cert) {
		t.Fatalf("untrusted certificate: err = %v, want unknown authority", err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	f.transport.TLSClientConfig.RootCAs = pool
	resp, err := f.Fetch(context.Background(), Request{URL: srv.URL, Kind: KindPage})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != fxHTML {
		t.Fatalf("body = %q", resp.Body)
	}
}

func TestHostKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://Example.COM/a", "example.com:80"},
		{"https://example.com/a", "example.com:443"},
		{"http://127.0.0.1:8080/", "127.0.0.1:8080"},
		{"https://[::1]/", "[::1]:443"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			u, err := url.Parse(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := hostKey(u); got != tt.want {
				t.Errorf("hostKey = %q, want %q", got, tt.want)
			}
		})
	}
}

// BenchmarkFetch measures Fetch of an 8 KB page over loopback with
// politeness and robots off.
func BenchmarkFetch(b *testing.B) {
	page := strings.Repeat("<p>govwire benchmark text.</p>\n", 8<<10/31)
	srv := fxServe(b, fxStatic("text/html; charset=utf-8", page))
	cfg := fxConfig()
	f, _ := fxFetcher(b, cfg)
	f.transport.MaxIdleConnsPerHost = 64
	b.Run("serial", func(b *testing.B) {
		for b.Loop() {
			if _, err := f.Fetch(context.Background(), Request{URL: srv.URL, Kind: KindPage}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	})
	b.Run("parallel", func(b *testing.B) {
		b.SetParallelism(4)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if _, err := f.Fetch(context.Background(), Request{URL: srv.URL, Kind: KindPage}); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	})
}

func TestFetchPerHostInterval(t *testing.T) {
	t.Run("same host waits", func(t *testing.T) {
		const interval = 300 * time.Millisecond
		cfg := fxConfig()
		cfg.PerHostInterval = interval
		f, _ := fxFetcher(t, cfg)
		srv := fxServe(t, fxStatic("application/rss+xml", fxRSS))
		start := time.Now()
		for i := range 3 {
			if _, err := f.Fetch(context.Background(), Request{URL: fmt.Sprintf("%s/feed/%d", srv.URL, i), Kind: KindFeed}); err != nil {
				t.Fatal(err)
			}
		}
		if elapsed := time.Since(start); elapsed < 2*interval {
			t.Fatalf("3 requests to one host took %s, want >= %s", elapsed, 2*interval)
		}
	})
	t.Run("other hosts do not wait", func(t *testing.T) {
		// Hosts are keyed by host:port, so two servers on 127.0.0.1 with
		// different ports are two hosts.
		const interval = 30 * time.Second
		cfg := fxConfig()
		cfg.PerHostInterval = interval
		f, _ := fxFetcher(t, cfg)
		a := fxServe(t, fxStatic("application/rss+xml", fxRSS))
		b := fxServe(t, fxStatic("application/rss+xml", fxRSS))
		start := time.Now()
		for _, u := range []string{a.URL, b.URL} {
			if _, err := f.Fetch(context.Background(), Request{URL: u, Kind: KindFeed}); err != nil {
				t.Fatal(err)
			}
		}
		if elapsed := time.Since(start); elapsed > interval/2 {
			t.Fatalf("two hosts took %s, as if one waited for the other", elapsed)
		}
		// A third request to a must wait 30s; with a 2s deadline it fails
		// at once, naming the host, and the server sees nothing.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, err := f.Fetch(ctx, Request{URL: a.URL + "/again", Kind: KindFeed})
		host := strings.TrimPrefix(a.URL, "http://")
		if err == nil || !strings.Contains(err.Error(), "wait for host "+host) || !strings.Contains(err.Error(), "deadline") {
			t.Fatalf("err = %v, want a wait error naming %s", err, host)
		}
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			t.Fatal("context not expired yet the error says deadline exceeded")
		}
	})
	t.Run("zero interval is off", func(t *testing.T) {
		f, _ := fxFetcher(t, fxConfig())
		if err := f.limits.wait(context.Background(), "h:80"); err != nil {
			t.Fatal(err)
		}
		if len(f.limits.hosts) != 0 {
			t.Fatalf("limiter kept %d hosts with politeness off", len(f.limits.hosts))
		}
	})
}

func TestHostLimiterPrunes(t *testing.T) {
	h := newHostLimiter(time.Millisecond)
	for i := range pruneAbove {
		if err := h.wait(context.Background(), fmt.Sprintf("h%d:80", i)); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(5 * time.Millisecond) // every bucket refills
	if err := h.wait(context.Background(), "new:80"); err != nil {
		t.Fatal(err)
	}
	if n := len(h.hosts); n != 1 {
		t.Fatalf("%d limiters kept, want the idle ones dropped", n)
	}
}
