package api_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
	"github.com/govwire/govwire/digest"
	"github.com/govwire/govwire/export"
)

// hostile is one generated request, written raw on its own connection.
type hostile struct {
	kind     string
	raw      string        // request line, headers and body as sent
	deadline time.Duration // the server's own limit for this request
	half     bool          // half-close the socket after writing
	trickle  bool          // send the headers a byte at a time and never finish
	slowBody int           // declared body bytes, sent one per second
	mayDrop  bool          // the server may close without an answer
}

// TestHostileRequests sends thousands of generated hostile requests (bad
// encodings, huge and repeated parameters, costly query syntax, deep
// pages, bad methods and paths, huge headers and bodies, garbage, slow
// and half-closed clients) to a real server (the production timeouts of
// api.Serve over the real SQLite store and Bleve index) and checks: no 5xx,
// no answer later than the request's own deadline + 1 s, bounded heap and
// RSS growth, /healthz ok after. GOVWIRE_HOSTILE_N sets the number of
// requests (default 2000; -short 300).
func TestHostileRequests(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 300
	}
	if v, err := strconv.Atoi(os.Getenv("GOVWIRE_HOSTILE_N")); err == nil && v > 0 {
		n = v
	}
	f := newFixture(t, corpus, func(c *api.Config) {
		c.AdminToken = "tok"
		c.Ingest = func(context.Context) (any, error) { return map[string]int{"sources": 0}, nil }
		c.Exporter = &export.Exporter{Store: c.Store, Searcher: c.Searcher}
		ds, err := digest.NewService(digest.Options{Store: c.Store, Searcher: c.Searcher, DataDir: t.TempDir(),
			Digests: []govwire.DigestConfig{{Name: "daily"}}, BaseURL: "http://govwire.example"})
		if err != nil {
			t.Fatal(err)
		}
		c.Digests = ds
		c.Log = slog.New(slog.DiscardHandler)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- api.Serve(ctx, ln, f.api.Handler(), nil) }()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	addr := ln.Addr().String()

	seed := uint64(time.Now().UnixNano())
	if v, err := strconv.ParseUint(os.Getenv("GOVWIRE_HOSTILE_SEED"), 10, 64); err == nil {
		seed = v
	}
	t.Logf("%d requests, seed %d (GOVWIRE_HOSTILE_SEED to replay)", n, seed)
	gen := newHostileGen(rand.New(rand.NewPCG(seed, 1)), f)
	heap0, rss0 := memNow()
	var (
		mu       sync.Mutex
		failures []string
		kinds    = map[string]int{}
		statuses = map[int]int{}
	)
	work := make(chan hostile)
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for h := range work {
				status, took, err := sendHostile(addr, h)
				mu.Lock()
				kinds[h.kind]++
				statuses[status]++
				switch {
				case err != nil && !h.mayDrop:
					failures = append(failures, fmt.Sprintf("%s: no answer after %s: %v\n  %.300q", h.kind, took, err, h.raw))
				case status >= 500:
					failures = append(failures, fmt.Sprintf("%s: status %d\n  %.300q", h.kind, status, h.raw))
				case took > h.deadline+time.Second:
					failures = append(failures, fmt.Sprintf("%s: %s, over its deadline %s + 1 s\n  %.300q", h.kind, took, h.deadline, h.raw))
				}
				mu.Unlock()
			}
		}()
	}
	start := time.Now()
	for range n {
		work <- gen.next()
	}
	close(work)
	wg.Wait()
	t.Logf("%d requests in %s; kinds %v; statuses %v", n, time.Since(start).Round(time.Millisecond), kinds, statuses)
	for i, f := range failures {
		if i == 20 {
			t.Errorf("... and %d more", len(failures)-20)
			break
		}
		t.Error(f)
	}

	heap1, rss1 := memNow()
	t.Logf("heap %d -> %d MB, RSS %d -> %d MB", heap0>>20, heap1>>20, rss0>>20, rss1>>20)
	if heap1 > heap0+64<<20 {
		t.Errorf("heap grew from %d to %d MB", heap0>>20, heap1>>20)
	}
	if rss0 > 0 && rss1 > rss0+256<<20 {
		t.Errorf("RSS grew from %d to %d MB", rss0>>20, rss1>>20)
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("/healthz after the storm: %v %v", resp, err)
	}
	resp.Body.Close()
}

// memNow returns the live heap after a GC and the process's RSS.
func memNow() (heap, rss uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if b, err := os.ReadFile("/proc/self/statm"); err == nil {
		if fs := strings.Fields(string(b)); len(fs) > 1 {
			pages, _ := strconv.ParseUint(fs[1], 10, 64)
			rss = pages * uint64(os.Getpagesize())
		}
	}
	return ms.HeapAlloc, rss
}

// sendHostile sends h on a new connection and returns the status (0 when
// the server closed without answering) and how long the answer took.
func sendHostile(addr string, h hostile) (int, time.Duration, error) {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close()
	start := time.Now()
	conn.SetDeadline(start.Add(h.deadline + 3*time.Second))
	switch {
	case h.trickle: // while the answer is awaited below
		go func() {
			for i := range len(h.raw) {
				if _, err := conn.Write([]byte{h.raw[i]}); err != nil {
					return // the server hung up: what we wait for
				}
				time.Sleep(500 * time.Millisecond)
			}
		}()
	case h.slowBody > 0:
		io.WriteString(conn, h.raw)
		go func() {
			for range h.slowBody {
				if _, err := conn.Write([]byte("x")); err != nil {
					return
				}
				time.Sleep(time.Second)
			}
		}()
	default:
		if _, err := io.WriteString(conn, h.raw); err != nil {
			return 0, time.Since(start), err
		}
	}
	if h.half {
		conn.(*net.TCPConn).CloseWrite()
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, time.Since(start), err
	}
	_, err = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<20))
	resp.Body.Close()
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return resp.StatusCode, time.Since(start), err
	}
	return resp.StatusCode, time.Since(start), nil
}

// hostileGen generates hostile requests.
type hostileGen struct {
	r   *rand.Rand
	ids []string
}

func newHostileGen(r *rand.Rand, f *fixture) *hostileGen {
	g := &hostileGen{r: r}
	for _, id := range f.ids {
		g.ids = append(g.ids, id)
	}
	return g
}

const (
	searchDeadline = 5 * time.Second  // index.DefaultSearchTimeout
	plainDeadline  = 5 * time.Second  // anything else answers at once
	headerDeadline = 10 * time.Second // the server's read header timeout
	bodyDeadline   = 30 * time.Second // the server's read timeout
)

var getPaths = []string{"/v1/search", "/v1/articles/ID", "/v1/digests", "/v1/digests/today", "/v1/digests.atom",
	"/v1/export", "/v1/sources", "/v1/jobs/0123456789abcdef", "/healthz", "/readyz", "/metrics", "/", "/assets/app.js",
	"/v1/openapi.json"}

// next returns one hostile request of a random kind.
func (g *hostileGen) next() hostile {
	kinds := []func() hostile{g.badEncoding, g.hugeParams, g.costlyQuery, g.deepPage, g.badMethod, g.badPath,
		g.hugeHeaders, g.hugeBody, g.garbage, g.halfClosed, g.filters}
	// Slow clients are rare (they take seconds each).
	switch x := g.r.IntN(1000); {
	case x < 3:
		return g.trickler()
	case x < 4:
		return g.slowPoster()
	}
	return kinds[g.r.IntN(len(kinds))]()
}

func (g *hostileGen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func (g *hostileGen) path() string {
	p := g.pick(getPaths...)
	if strings.Contains(p, "ID") && len(g.ids) > 0 {
		p = strings.Replace(p, "ID", g.ids[g.r.IntN(len(g.ids))], 1)
	}
	return p
}

func get(target string, deadline time.Duration, kind string, headers ...string) hostile {
	raw := "GET " + target + " HTTP/1.1\r\nHost: govwire.test\r\nConnection: close\r\n"
	for _, h := range headers {
		raw += h + "\r\n"
	}
	return hostile{kind: kind, raw: raw + "\r\n", deadline: deadline}
}

func (g *hostileGen) badEncoding() hostile {
	q := g.pick("q=%zz%20oracle", "lable=%zz", "q=%", "q=%e", "%zz=1", "q=a;b", "q=%ff%fe%fd", "label=%C0%AF",
		"q=%00%01%02", "size=%2", "q=%u0041", "q=oracle%", "since=%zz", "q=%%%%", "q=%c3%28", "q=\xff\xfe",
		"q=%F0%9F%98", "label=award%00", "q="+strings.Repeat("%e2%80%ae", 50))
	return get(g.path()+"?"+q, searchDeadline, "bad-encoding")
}

func (g *hostileGen) hugeParams() hostile {
	var q string
	switch g.r.IntN(8) {
	case 0:
		q = "q=" + url.QueryEscape(strings.Repeat("oracle ", 1+g.r.IntN(2000)))
	case 1:
		q = strings.Repeat("label=award&", 1+g.r.IntN(200))
	case 2:
		q = "page=" + g.pick("999999999999999999999", "-1", "0", "1e9", "NaN", "0x10", " 1")
	case 3:
		q = "size=" + g.pick("-5", "0", "100000", "101", "9223372036854775808", "1.5")
	case 4:
		q = "since=" + url.QueryEscape(g.pick("2026-13-45", "yesterday", "0000-00-00", "9999-12-31T99:99:99Z", strings.Repeat("2", 100)))
	case 5:
		for i := range 1 + g.r.IntN(300) {
			q += fmt.Sprintf("p%d=%d&", i, i)
		}
	case 6:
		q = "vendor=" + strings.Repeat("V", 1+g.r.IntN(5000)) + "&agency=" + strings.Repeat("A", 300)
	default:
		q = "sort=" + g.pick("wat", "date,relevance", "", "DATE") + "&format=" + g.pick("xml", "parquet", "jsonl", "")
	}
	return get(g.path()+"?"+q, searchDeadline, "huge-params")
}

func (g *hostileGen) costlyQuery() hostile {
	var q string
	switch g.r.IntN(12) {
	case 0:
		q = strings.Repeat("c* ", 1+g.r.IntN(450))
	case 1:
		q = "a" + strings.Repeat("?", 1+g.r.IntN(900))
	case 2:
		q = "oracle~" + g.pick("-1", "99", "2", "0", "1.5", "")
	case 3:
		q = "/" + g.pick(".*", "(a|aa)*b", "[a-z]{1,1000}", "a{99999}", "(") + "/"
	case 4:
		q = strings.Repeat("(", 1+g.r.IntN(500)) + "a" + strings.Repeat(")", g.r.IntN(500))
	case 5:
		q = g.pick(`"unbalanced`, `+-+-+`, `title:`, `:`, `*`, `?`, `\`, `a AND OR b`, `NOT`, `"a b"~99999`, `^2`, `a^-1`)
	case 6:
		q = strings.Repeat("*a ", 1+g.r.IntN(300))
	case 7:
		q = strings.Repeat("oracle~2 ", 1+g.r.IntN(200))
	case 8:
		q = "text:" + strings.Repeat("x", 1+g.r.IntN(990)) + "*"
	case 9:
		q = strings.Repeat("a OR ", 1+g.r.IntN(400)) + "b"
	case 10:
		q = "published:>" + g.pick("2026", "x", "\"2026-01-01\"", "")
	default:
		var b strings.Builder
		for range 1 + g.r.IntN(60) {
			b.WriteString(g.pick("c*", "?", "~", "(", ")", "\"", "+", "-", ":", "oracle", "^", "/", "\\", " ", "AND", "OR"))
		}
		q = b.String()
	}
	return get("/v1/search?q="+url.QueryEscape(q), searchDeadline, "costly-query")
}

func (g *hostileGen) deepPage() hostile {
	q := g.pick("page=101&size=100", "page=1000000&size=100", "page=100&size=100", "after="+url.QueryEscape(g.pick("garbage", "====", strings.Repeat("A", 900), "eyJ9", "")),
		"page=2&after=x", "size=100&page=99")
	return get("/v1/search?q=cloud&"+q, searchDeadline, "deep-page")
}

func (g *hostileGen) filters() hostile {
	q := fmt.Sprintf("q=%s&label=%s&since=%s&until=%s&source=%s", url.QueryEscape(g.pick("cloud", "oracle protest", "jwcc", "")),
		g.pick("award", "bid", "protest", "allegation", "nope", ""), g.pick("2026-01-01", "2026-12-31", ""),
		g.pick("2025-01-01", "2026-11-30", ""), url.QueryEscape(g.pick("fedscoop", "<script>", "")))
	return get(g.pick("/v1/search", "/v1/export", "/v1/digests.atom")+"?"+q, searchDeadline, "filters")
}

func (g *hostileGen) badMethod() hostile {
	m := g.pick("DELETE", "PUT", "PATCH", "OPTIONS", "TRACE", "FOO", "POST", "HEAD", "PROPFIND", strings.Repeat("G", 100))
	raw := m + " " + g.path() + " HTTP/1.1\r\nHost: govwire.test\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}"
	return hostile{kind: "bad-method", raw: raw, deadline: plainDeadline}
}

func (g *hostileGen) badPath() hostile {
	p := g.pick("/v1/articles/../../etc/passwd", "/v1/articles/%2e%2e%2fetc", "/v1/articles/"+strings.Repeat("f", 5000),
		"/assets/..%2f..%2fgo.mod", "//v1//search", "/v1/search/", "/v1/digests/2026-02-30", "/v1/digests/..%2f..%2fx",
		"/v1/jobs/"+strings.Repeat("z", 3000), "/v1/articles/%00", "/v1/digests/"+strings.Repeat("9", 200)+".atom",
		"/%", "/v1/%zz", "/assets/"+strings.Repeat("a/", 500), "/v1/articles/<script>", "*")
	return get(p, plainDeadline, "bad-path")
}

func (g *hostileGen) hugeHeaders() hostile {
	switch g.r.IntN(4) {
	case 0:
		return get(g.path(), plainDeadline, "huge-headers", "X-Big: "+strings.Repeat("h", 70<<10))
	case 1:
		hs := make([]string, 600)
		for i := range hs {
			hs[i] = fmt.Sprintf("X-H%d: %d", i, i)
		}
		return get(g.path(), plainDeadline, "huge-headers", hs...)
	case 2:
		return get("/v1/jobs/0123456789abcdef", plainDeadline, "huge-headers", "Authorization: Bearer "+strings.Repeat("t", 10<<10))
	default:
		return get(g.path()+"?q="+strings.Repeat("q", 70<<10), plainDeadline, "huge-headers")
	}
}

func (g *hostileGen) hugeBody() hostile {
	switch g.r.IntN(4) {
	case 0:
		raw := "POST /v1/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok\r\nConnection: close\r\nContent-Length: 99999999999\r\n\r\nabc"
		return hostile{kind: "huge-body", raw: raw, deadline: plainDeadline}
	case 1:
		body := strings.Repeat("x", api.MaxBodyBytes+1+g.r.IntN(1<<20))
		raw := "POST /v1/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n" +
			fmt.Sprintf("%x\r\n%s\r\n0\r\n\r\n", len(body), body)
		return hostile{kind: "huge-body", raw: raw, deadline: plainDeadline, mayDrop: true}
	case 2:
		body := strings.Repeat("y", 2<<20)
		raw := fmt.Sprintf("GET /v1/search?q=cloud HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		return hostile{kind: "huge-body", raw: raw, deadline: plainDeadline, mayDrop: true}
	default:
		raw := "POST /v1/ingest HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: -1\r\n\r\n"
		return hostile{kind: "huge-body", raw: raw, deadline: plainDeadline}
	}
}

func (g *hostileGen) garbage() hostile {
	raw := g.pick("GARBAGE\r\n\r\n", "\x00\x01\x02\x03\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/1.1\r\n\r\n",
		"GET /v1/search?q=a HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", "GET /v1/search HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
		"GET /v1/search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
		"GET /v1/search HTTP/1.0\r\n\r\n", "GET http://evil.example/v1/search HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET /v1/search HTTP/1.1\r\nHost: x\r\n: novalue\r\n\r\n", "GET /v1/search HTTP/1.1\r\nHo st: x\r\n\r\n")
	return hostile{kind: "garbage", raw: raw, deadline: plainDeadline}
}

func (g *hostileGen) halfClosed() hostile {
	var h hostile
	if g.r.IntN(2) == 0 {
		h = get(g.pick("/v1/export?format=jsonl&all=1", "/v1/export?format=csv", "/v1/search?q=cloud", "/v1/digests/today?format=md"), searchDeadline, "half-closed")
	} else {
		h = g.costlyQuery()
		h.kind = "half-closed"
	}
	h.half, h.mayDrop = true, true
	return h
}

func (g *hostileGen) trickler() hostile {
	h := get("/v1/search?q=cloud", headerDeadline, "slow-headers", "X-Slow: "+strings.Repeat("s", 100))
	h.raw = strings.TrimSuffix(h.raw, "\r\n") // never finishes the headers
	h.trickle, h.mayDrop = true, true
	return h
}

func (g *hostileGen) slowPoster() hostile {
	raw := "POST /v1/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok\r\nConnection: close\r\nContent-Length: 100\r\n\r\n"
	return hostile{kind: "slow-body", raw: raw, deadline: bodyDeadline, slowBody: 40, mayDrop: true}
}
