// Package ingest pulls feeds, fetches and extracts article pages, finds
// near-duplicates and hands classified articles to the store.
package ingest

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/govwire/govwire"
)

// Request kinds.
const (
	KindFeed   = "feed"
	KindPage   = "page"
	KindRobots = "robots"
	// KindSitemap is a sitemap or sitemap index, plain or gzipped
	// (listing.go).
	KindSitemap = "sitemap"
)

// Request is one fetch.
type Request struct {
	URL          string
	Kind         string // KindFeed or KindPage: picks the body cap and accepted content types
	ETag         string // for a conditional GET
	LastModified string
}

// Response is a fetched body.
type Response struct {
	URL          string // final URL after redirects
	Status       int
	NotModified  bool // 304: Body is empty
	Body         []byte
	ContentType  string
	ETag         string
	LastModified string
	Attempts     int
	Duration     time.Duration // wall time of Fetch, rate-limit waits and retries included
}

// Connection limits that are not in FetchConfig.
const (
	maxRedirects     = 5
	maxDialTimeout   = 10 * time.Second
	maxHeaderBytes   = 1 << 20
	maxRobotsBytes   = 512 << 10
	idleConnsPerHost = 4
)

// Fetcher is the HTTP client for feeds, pages and robots.txt. Every
// connection passes the SSRF guard after DNS resolution (so every redirect
// hop is checked), proxies from the environment are ignored, and bodies are
// capped after decompression. A Fetcher is safe for concurrent use.
type Fetcher struct {
	cfg         govwire.FetchConfig
	log         *slog.Logger
	guard       *guard
	transport   *http.Transport
	client      *http.Client
	limits      *hostLimiter
	robots      *robotsCache
	backoffBase time.Duration
	attempts    int
}

// NewFetcher returns a Fetcher configured by cfg; zero fields take the
// defaults of govwire.DefaultFetchConfig. A bad CIDR in cfg.AllowNetworks is
// an error. log may be nil.
func NewFetcher(cfg govwire.FetchConfig, log *slog.Logger) (*Fetcher, error) {
	def := govwire.DefaultFetchConfig()
	if cfg.UserAgent == "" {
		cfg.UserAgent = def.UserAgent
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = def.Timeout
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = def.MaxBodyBytes
	}
	if cfg.MaxFeedBytes <= 0 {
		cfg.MaxFeedBytes = def.MaxFeedBytes
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	g, err := newGuard(cfg.AllowNetworks)
	if err != nil {
		return nil, fmt.Errorf("new fetcher: %w", err)
	}
	dialTimeout := min(cfg.Timeout, maxDialTimeout)
	dialer := &net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second, Control: g.control}
	tr := &http.Transport{
		Proxy:                  nil, // never a proxy from the environment
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    dialTimeout,
		ResponseHeaderTimeout:  cfg.Timeout,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    idleConnsPerHost,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: maxHeaderBytes,
		// DisableCompression stays false: the transport asks for gzip and
		// hands us the decompressed stream, so caps count decompressed bytes.
	}
	f := &Fetcher{
		cfg: cfg, log: log, guard: g, transport: tr,
		client:      &http.Client{Transport: tr, CheckRedirect: checkRedirect},
		limits:      newHostLimiter(cfg.PerHostInterval),
		robots:      newRobotsCache(),
		backoffBase: defaultBackoff,
		attempts:    defaultAttempts,
	}
	return f, nil
}

// Close closes idle connections. The Fetcher stays usable.
func (f *Fetcher) Close() { f.transport.CloseIdleConnections() }

// Fetch GETs req.URL: robots.txt is consulted first for pages when
// cfg.RespectRobots, requests to one host are spaced by cfg.PerHostInterval,
// network errors, 429 and 5xx are retried with backoff. A status other than
// 200 or 304 is a *FetchError naming the URL and the status; so is every
// other failure. cfg.Timeout bounds each attempt (connect, headers and
// body); timeouts are not retried, so a hung server costs one Timeout.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Response, error) {
	start := time.Now()
	u, err := parseFetchURL(req.URL)
	if err != nil {
		return nil, &FetchError{URL: req.URL, Err: err}
	}
	p, err := f.policyFor(req.Kind)
	if err != nil {
		return nil, &FetchError{URL: req.URL, Err: err}
	}
	if p.kind == KindPage && f.cfg.RespectRobots {
		ok, err := f.Allowed(ctx, req.URL)
		if err != nil {
			return nil, &FetchError{URL: req.URL, Err: err}
		}
		if !ok {
			return nil, &FetchError{URL: req.URL, Err: fmt.Errorf("%w (user agent %q)", ErrDisallowed, agentToken(f.cfg.UserAgent))}
		}
	}
	resp, err := f.withRetries(ctx, req.URL, hostKey(u), p, func(ctx context.Context) (*Response, error) {
		return f.attempt(ctx, u, req, p)
	})
	if err != nil {
		return nil, err
	}
	resp.Duration = time.Since(start)
	return resp, nil
}

// parseFetchURL accepts absolute http and https URLs with a host.
func parseFetchURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("bad url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("unsupported scheme %q: only http and https are fetched", u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, errors.New("bad url: no host")
	}
	return u, nil
}

// checkRedirect allows at most maxRedirects http(s) hops and stops loops.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if tr, ok := req.Context().Value(hopKey{}).(*hopTrace); ok {
		tr.hops = len(via)
	}
	if len(via) > maxRedirects {
		return &redirectError{fmt.Sprintf("stopped after %d redirects (next: %s)", maxRedirects, req.URL)}
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return &redirectError{fmt.Sprintf("redirect to unsupported scheme %q", req.URL.Scheme)}
	}
	next := req.URL.String()
	for _, v := range via {
		if v.URL.String() == next {
			return &redirectError{"redirect loop: goes back to " + next}
		}
	}
	return nil
}

// redirectError is a redirect the fetcher will not follow.
type redirectError struct{ msg string }

func (e *redirectError) Error() string { return e.msg }

// hopKey is the context key of a request's *hopTrace.
type hopKey struct{}

// hopTrace records how many redirects one attempt followed.
type hopTrace struct{ hops int }

// attempt makes one request and reads its body within cfg.Timeout.
func (f *Fetcher) attempt(ctx context.Context, u *url.URL, req Request, p policy) (*Response, error) {
	trace := &hopTrace{}
	actx, cancel := context.WithTimeout(context.WithValue(ctx, hopKey{}, trace), f.cfg.Timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(actx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	hr.Header.Set("User-Agent", f.cfg.UserAgent)
	hr.Header.Set("Accept", p.accept)
	if req.ETag != "" {
		hr.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hr.Header.Set("If-Modified-Since", req.LastModified)
	}
	resp, err := f.client.Do(hr)
	if err != nil {
		return nil, f.transportError(ctx, err, trace.hops)
	}
	defer resp.Body.Close()
	out := &Response{URL: resp.Request.URL.String(), Status: resp.StatusCode,
		ContentType: resp.Header.Get("Content-Type"),
		ETag:        resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.NotModified = true
		out.ETag = orElse(out.ETag, req.ETag)
		out.LastModified = orElse(out.LastModified, req.LastModified)
		return out, nil
	case resp.StatusCode != http.StatusOK:
		drain(resp)
		return nil, statusError(resp, time.Now())
	}
	if err := p.checkType(out.ContentType); err != nil {
		return nil, err
	}
	if out.Body, err = p.read(resp); err != nil {
		return nil, f.bodyError(ctx, err)
	}
	if out.ContentType == "" || isOctetStream(out.ContentType) {
		sniffed := http.DetectContentType(out.Body)
		if err := p.checkType(sniffed); err != nil {
			return nil, fmt.Errorf("%w (sniffed: the server sent %q)", err, out.ContentType)
		}
		out.ContentType = sniffed
	}
	return out, nil
}

// transportError classifies an error from client.Do: refusals, redirect
// policy, certificate and timeout errors are final, other network errors
// (refused or reset connections, early EOF) are retryable.
func (f *Fetcher) transportError(parent context.Context, err error, hops int) error {
	if hops > 0 {
		err = fmt.Errorf("redirect hop %d: %w", hops, err)
	}
	var refused *RefusedError
	var redirect *redirectError
	var cert *tls.CertificateVerificationError
	switch {
	case parent.Err() != nil, errors.As(err, &refused), errors.As(err, &redirect), errors.As(err, &cert):
		return err
	case isTimeout(err):
		return fmt.Errorf("%w: %w", govwire.Errorf(govwire.ETIMEOUT, "no response within %s", f.cfg.Timeout), err)
	}
	return &attemptError{retryable: true, err: err}
}

// bodyError classifies an error while reading the body.
func (f *Fetcher) bodyError(parent context.Context, err error) error {
	var ge *govwire.Error
	switch {
	case parent.Err() != nil, errors.As(err, &ge):
		return err
	case isTimeout(err):
		return fmt.Errorf("%w: %w", govwire.Errorf(govwire.ETIMEOUT, "body not read within %s", f.cfg.Timeout), err)
	}
	return &attemptError{retryable: true, err: fmt.Errorf("read body: %w", err)}
}

// isTimeout reports a deadline or a network timeout.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// orElse returns a unless it is empty, else b.
func orElse(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
