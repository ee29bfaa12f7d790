package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const fxRobots = "User-agent: *\nDisallow: /private\n\nUser-agent: govwire-test\nDisallow: /nogov\nDisallow: /search?q=\n"

// fxRobotsSite serves robots.txt with the given status and body, and HTML
// everywhere else; it counts robots.txt requests.
func fxRobotsSite(t *testing.T, status int, robots string) (string, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := fxServe(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			hits.Add(1)
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(status)
			fmt.Fprint(w, robots)
			return
		}
		fxStatic("text/html", fxHTML)(w, r)
	})
	return srv.URL, &hits
}

func fxRobotsConfigFetcher(t *testing.T) (*Fetcher, *fxLog) {
	t.Helper()
	cfg := fxConfig()
	cfg.RespectRobots = true
	return fxFetcher(t, cfg)
}

func TestRobotsRules(t *testing.T) {
	base, hits := fxRobotsSite(t, http.StatusOK, fxRobots)
	f, _ := fxRobotsConfigFetcher(t)
	tests := []struct {
		path, kind string
		allowed    bool
	}{
		{"/public/story", KindPage, true},
		{"/", KindPage, true},
		{"/nogov/story", KindPage, false},   // our own group
		{"/search?q=jwcc", KindPage, false}, // query strings are matched
		{"/search", KindPage, true},
		{"/private/x", KindPage, true}, // the * group does not apply when ours exists
		{"/nogov/feed.xml", KindFeed, true},
	}
	for _, tt := range tests {
		t.Run(tt.path+" "+tt.kind, func(t *testing.T) {
			_, err := f.Fetch(context.Background(), Request{URL: base + tt.path, Kind: tt.kind})
			if tt.allowed {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrDisallowed) {
				t.Fatalf("err = %v, want ErrDisallowed", err)
			}
			want := "fetch " + base + tt.path + `: robots.txt disallows this URL (user agent "govwire-test")`
			if err.Error() != want {
				t.Fatalf("err = %q, want %q", err, want)
			}
		})
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times, want 1 (cached)", n)
	}
}

func TestRobotsStatus(t *testing.T) {
	big := "User-agent: *\nDisallow: /x\n" + strings.Repeat("# padding padding padding padding padding\n", 600<<10/42)
	tests := []struct {
		name    string
		status  int
		body    string
		allowed bool
		log     string // substring of the log, "" for none
	}{
		{"200 disallow", 200, "User-agent: *\nDisallow: /x\n", false, ""},
		{"404 allows all", 404, "User-agent: *\nDisallow: /x\n", true, ""},
		{"401 allows all", 401, "", true, ""},
		{"500 allows and logs", 500, "User-agent: *\nDisallow: /x\n", true, "robots.txt unavailable, allowing"},
		{"429 allows and logs", 429, "", true, "robots.txt unavailable, allowing"},
		{"over 512 KB is truncated, not dropped", 200, big, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, hits := fxRobotsSite(t, tt.status, tt.body)
			f, logs := fxRobotsConfigFetcher(t)
			for range 2 {
				ok, err := f.Allowed(context.Background(), base+"/x/story")
				if err != nil || ok != tt.allowed {
					t.Fatalf("Allowed = %v, %v; want %v", ok, err, tt.allowed)
				}
			}
			if n := hits.Load(); n != 1 {
				t.Errorf("robots.txt fetched %d times, want 1", n)
			}
			if len(tt.body) > maxRobotsBytes {
				resp, err := f.Fetch(context.Background(), Request{URL: base + "/robots.txt", Kind: KindRobots})
				if err != nil || len(resp.Body) != maxRobotsBytes {
					t.Fatalf("robots fetch: %v, want a body cut at %d bytes", err, maxRobotsBytes)
				}
			}
			if tt.log != "" && !strings.Contains(logs.String(), tt.log) {
				t.Errorf("log %q lacks %q", logs, tt.log)
			}
			if tt.log == "" && strings.Contains(logs.String(), "WARN") {
				t.Errorf("unexpected warning: %s", logs)
			}
		})
	}
}

func TestRobotsUnreachableAndRefused(t *testing.T) {
	f, logs := fxRobotsConfigFetcher(t)
	ln, _ := fxListen(t, "127.0.0.2:0")
	ok, err := f.Allowed(context.Background(), "http://"+ln.Addr().String()+"/story")
	if err != nil || !ok {
		t.Fatalf("Allowed = %v, %v; want true (refused robots.txt allows, the page fetch is refused itself)", ok, err)
	}
	if !strings.Contains(logs.String(), "127.0.0.2 is loopback") {
		t.Errorf("log lacks the refusal: %s", logs)
	}
	_, err = f.Fetch(context.Background(), Request{URL: "http://" + ln.Addr().String() + "/story", Kind: KindPage})
	var refused *RefusedError
	if !errors.As(err, &refused) {
		t.Fatalf("page fetch err = %v, want refused", err)
	}
	if _, err := f.Allowed(context.Background(), "gopher://x/"); err == nil || !strings.Contains(err.Error(), "robots check gopher://x/") {
		t.Fatalf("bad URL err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.Allowed(ctx, "http://127.0.0.1:1/a"); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled ctx: err = %v", err)
	}
}

func TestRobotsCacheExpires(t *testing.T) {
	base, hits := fxRobotsSite(t, http.StatusOK, "User-agent: *\nDisallow: /x\n")
	f, _ := fxRobotsConfigFetcher(t)
	now := time.Now()
	f.robots.now = func() time.Time { return now }
	for range 3 {
		if _, err := f.Allowed(context.Background(), base+"/a"); err != nil {
			t.Fatal(err)
		}
	}
	now = now.Add(robotsTTL + time.Second)
	if _, err := f.Allowed(context.Background(), base+"/a"); err != nil {
		t.Fatal(err)
	}
	if n := hits.Load(); n != 2 {
		t.Fatalf("robots.txt fetched %d times, want 2 (once, then after the TTL)", n)
	}
}

func TestAgentToken(t *testing.T) {
	tests := []struct{ ua, want string }{
		{"govwire/1.0 (+https://github.com/govwire/govwire)", "govwire"},
		{"GovWire-Test/2", "govwire-test"},
		{"  plain  ", "plain"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.ua, func(t *testing.T) {
			if got := agentToken(tt.ua); got != tt.want {
				t.Errorf("agentToken(%q) = %q, want %q", tt.ua, got, tt.want)
			}
		})
	}
}

func TestRobotsSharedFetch(t *testing.T) {
	release := make(chan struct{})
	var hits atomic.Int32
	srv := fxServe(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		fmt.Fprint(w, "User-agent: *\nDisallow: /x\n")
	})
	f, _ := fxRobotsConfigFetcher(t)
	// A caller that gives up does not cancel the shared fetch.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := f.Allowed(ctx, srv.URL+"/x/1")
		done <- err
	}()
	for hits.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled caller: err = %v", err)
	}
	results := make(chan bool, 4)
	for i := range 4 {
		go func() {
			ok, err := f.Allowed(context.Background(), fmt.Sprintf("%s/x/%d", srv.URL, i))
			results <- err == nil && !ok
		}()
	}
	close(release)
	for range 4 {
		if !<-results {
			t.Fatal("a waiting caller did not get the disallow rule")
		}
	}
	if n := hits.Load(); n != 1 {
		t.Fatalf("robots.txt fetched %d times, want 1", n)
	}
}
