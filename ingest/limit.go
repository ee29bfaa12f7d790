package ingest

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/govwire/govwire"
)

// pruneAbove is the number of hosts above which idle limiters are dropped.
const pruneAbove = 256

// hostLimiter spaces requests to one host by at least interval. Hosts are
// keyed by lower-case host and port ("example.com:443"), so two servers on
// one IP but different ports are different hosts.
type hostLimiter struct {
	interval time.Duration
	mu       sync.Mutex
	hosts    map[string]*rate.Limiter
}

// newHostLimiter returns a limiter; interval <= 0 turns it off.
func newHostLimiter(interval time.Duration) *hostLimiter {
	return &hostLimiter{interval: interval, hosts: make(map[string]*rate.Limiter)}
}

// wait blocks until a request to host may be sent, or ctx ends. It fails at
// once when the wait would run past ctx's deadline.
func (h *hostLimiter) wait(ctx context.Context, host string) error {
	if h.interval <= 0 {
		return nil
	}
	if err := h.limiter(host).Wait(ctx); err != nil {
		return fmt.Errorf("wait for host %s (one request per %s): %w", host, h.interval, err)
	}
	return nil
}

// limiter returns host's limiter, creating it (and dropping idle ones) as
// needed.
func (h *hostLimiter) limiter(host string) *rate.Limiter {
	h.mu.Lock()
	defer h.mu.Unlock()
	if l, ok := h.hosts[host]; ok {
		return l
	}
	if len(h.hosts) >= pruneAbove {
		now := time.Now()
		for k, l := range h.hosts {
			// A full bucket has no pending reservation: forgetting it
			// changes nothing.
			if l.TokensAt(now) >= 1 {
				delete(h.hosts, k)
			}
		}
	}
	l := rate.NewLimiter(rate.Every(h.interval), 1)
	h.hosts[host] = l
	return l
}

// hostKey is u's host:port in lower case, with the scheme's default port.
func hostKey(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if u.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// policy is what one request kind may receive and how it is fetched.
type policy struct {
	kind     string
	maxBytes int64
	truncate bool   // robots.txt: keep the first maxBytes instead of failing
	polite   bool   // behind the per-host limiter
	attempts int    // tries in all
	accept   string // Accept header
	types    func(mediaType string) bool
}

// policyFor returns the policy of a request kind ("" means page).
func (f *Fetcher) policyFor(kind string) (policy, error) {
	switch kind {
	case KindFeed:
		return policy{kind: KindFeed, maxBytes: f.cfg.MaxFeedBytes, polite: true, attempts: f.attempts,
			accept: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
			types:  feedType}, nil
	case KindPage, "":
		return policy{kind: KindPage, maxBytes: f.cfg.MaxBodyBytes, polite: true, attempts: f.attempts,
			accept: "text/html, application/xhtml+xml;q=0.9, */*;q=0.5", types: pageType}, nil
	case KindSitemap:
		return f.sitemapPolicy(), nil
	case KindRobots:
		// One try and no politeness wait: a robots.txt that fails means
		// "allow", and it is fetched once per host per TTL.
		return policy{kind: KindRobots, maxBytes: maxRobotsBytes, truncate: true, attempts: 1,
			accept: "text/plain, */*;q=0.5", types: func(string) bool { return true }}, nil
	}
	return policy{}, fmt.Errorf("unknown request kind %q", kind)
}

// feedType accepts XML, RSS, Atom, JSON and text media types.
func feedType(mt string) bool {
	for _, s := range []string{"xml", "rss", "atom", "json"} {
		if strings.Contains(mt, s) {
			return true
		}
	}
	return strings.HasPrefix(mt, "text/")
}

// pageType accepts HTML and XHTML.
func pageType(mt string) bool { return mt == "text/html" || mt == "application/xhtml+xml" }

// mediaType is the lower-case type/subtype of a Content-Type value.
func mediaType(ct string) string {
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// isOctetStream reports a Content-Type that says nothing about the content.
func isOctetStream(ct string) bool {
	mt := mediaType(ct)
	return mt == "application/octet-stream" || mt == "binary/octet-stream"
}

// checkType refuses a Content-Type the kind does not take. An empty or
// octet-stream type passes here; the body is sniffed once read.
func (p policy) checkType(ct string) error {
	if ct == "" || isOctetStream(ct) || p.types(mediaType(ct)) {
		return nil
	}
	return fmt.Errorf("content type %q is not accepted for a %s", ct, p.kind)
}

// read reads the (already decompressed) body up to the cap. Over the cap is
// an error, except for robots.txt, whose first maxBytes are kept (RFC 9309).
func (p policy) read(resp *http.Response) ([]byte, error) {
	if !p.truncate && resp.ContentLength > p.maxBytes {
		return nil, govwire.Errorf(govwire.ETOOLARGE, "body exceeds %d bytes (Content-Length %d)", p.maxBytes, resp.ContentLength)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, p.maxBytes+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > p.maxBytes {
		if p.truncate {
			return b[:p.maxBytes], nil
		}
		return nil, govwire.Errorf(govwire.ETOOLARGE, "body exceeds %d bytes after decompression", p.maxBytes)
	}
	return b, nil
}

// drain reads a little of an unwanted body so the connection can be reused.
func drain(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, drainOnErrorBytes)
}
