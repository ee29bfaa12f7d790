package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
)

// panicky is a Searcher whose searches panic.
type panicky struct{}

func (panicky) Search(context.Context, govwire.SearchQuery) (*govwire.SearchResult, error) {
	panic("index exploded")
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestMiddleware(t *testing.T) {
	var logs syncBuffer
	f := newFixture(t, corpus[:2], func(c *api.Config) { c.Log = slog.New(slog.NewJSONHandler(&logs, nil)) })

	t.Run("security headers everywhere", func(t *testing.T) {
		for _, path := range []string{"/", "/assets/app.js", "/v1/search?q=cloud", "/nope", "/v1/articles/x"} {
			_, h, _ := call(t, "GET", f.srv.URL+path, nil, nil)
			csp := h.Get("Content-Security-Policy")
			if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") ||
				strings.Contains(csp, "unsafe-inline") {
				t.Errorf("%s: CSP %q", path, csp)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
				t.Errorf("%s: headers %v", path, h)
			}
		}
	})

	t.Run("unknown path and method", func(t *testing.T) {
		var e apiError
		f.getJSON(t, "/v2/search", 404, &e)
		if e.Error.Code != govwire.ENOTFOUND {
			t.Errorf("404 body %+v", e)
		}
		status, h, b := call(t, "POST", f.srv.URL+"/v1/search", nil, nil)
		if status != 405 || !strings.Contains(h.Get("Allow"), "GET") || !strings.Contains(string(b), "method_not_allowed") {
			t.Errorf("POST /v1/search: %d %q %s", status, h.Get("Allow"), b)
		}
		if status, _, _ := call(t, "GET", f.srv.URL+"/assets/", nil, nil); status != 404 {
			t.Errorf("asset directory listing: %d", status)
		}
	})

	t.Run("panic becomes 500 JSON", func(t *testing.T) {
		p := newFixture(t, corpus[:1], func(c *api.Config) { c.Searcher = panicky{}; c.Log = f.logger(&logs) })
		var e apiError
		p.getJSON(t, "/v1/search?q=x", 500, &e)
		if e.Error.Code != govwire.EINTERNAL || strings.Contains(e.Error.Message, "exploded") {
			t.Errorf("panic body %+v", e)
		}
		if !strings.Contains(logs.String(), "index exploded") {
			t.Error("panic not logged")
		}
		var st struct{ Status string }
		p.getJSON(t, "/healthz", 200, &st) // the server lives on
	})

	t.Run("request log", func(t *testing.T) {
		call(t, "GET", f.srv.URL+"/v1/search?q=award", nil, nil)
		var found bool
		for _, line := range strings.Split(logs.String(), "\n") {
			var rec map[string]any
			if json.Unmarshal([]byte(line), &rec) != nil || rec["msg"] != "request" || rec["route"] != "GET /v1/search" {
				continue
			}
			found = rec["status"] == float64(200) && rec["method"] == "GET" && rec["duration_ms"] != nil
		}
		if !found {
			t.Errorf("no request line for GET /v1/search in %s", logs.String())
		}
	})
}

func (f *fixture) logger(w *syncBuffer) *slog.Logger { return slog.New(slog.NewJSONHandler(w, nil)) }

func TestMetrics(t *testing.T) {
	f := newFixture(t, corpus, nil)
	call(t, "GET", f.srv.URL+"/v1/search?q=cloud", nil, nil)
	call(t, "GET", f.srv.URL+"/v1/search?size=500", nil, nil)
	call(t, "GET", f.srv.URL+"/v1/articles/"+f.ids["cia-c2e"], nil, nil)
	f.api.Metrics().IngestCount("fedscoop", "new", 7)
	f.api.Metrics().IngestCount("fedscoop", "new", 2)

	status, h, b := call(t, "GET", f.srv.URL+"/metrics", nil, nil)
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics: %d %q", status, h.Get("Content-Type"))
	}
	body := string(b)
	for _, want := range []string{
		`govwire_http_requests_total{code="200",route="GET /v1/search"} 1`,
		`govwire_http_requests_total{code="400",route="GET /v1/search"} 1`,
		`govwire_http_requests_total{code="200",route="GET /v1/articles/{id}"} 1`,
		`govwire_http_request_duration_seconds_bucket{code="200",route="GET /v1/search",le="+Inf"} 1`,
		`govwire_ingest_articles_total{result="new",source="fedscoop"} 9`,
		`govwire_index_documents ` + strconv.Itoa(len(corpus)),
		`govwire_ruleset_info{ruleset="rules-test-1"} 1`,
		`go_goroutines `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestServeGracefulShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	inFlight := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(inFlight)
		time.Sleep(200 * time.Millisecond)
		w.Write([]byte("done"))
	})
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- api.Serve(ctx, ln, h, nil) }()

	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			got <- err.Error()
			return
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		got <- b.String()
	}()
	<-inFlight
	cancel()
	if body := <-got; body != "done" {
		t.Errorf("request in flight got %q, want done", body)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("still listening after shutdown")
	}
}
