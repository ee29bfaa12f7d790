package demo

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/govwire/govwire"
)

// Options configures the demo server.
type Options struct {
	// Now is the reference time every date of the sample is relative to;
	// zero means time.Now().
	Now time.Time
	// Log receives one debug line per request; nil discards.
	Log *slog.Logger
}

// resource is one servable document.
type resource struct {
	body  []byte
	ctype string
	etag  string
	mod   time.Time
}

// Server is the loopback HTTP server of the demo sample.
type Server struct {
	ln      net.Listener
	srv     *http.Server
	base    string
	now     time.Time
	log     *slog.Logger
	outlets []Outlet
	stories []Story
	layouts map[string]*template.Template

	mu      sync.Mutex
	res     map[string]*resource
	updated map[string]time.Time // story path -> last modification
	hits    map[string]int
	total   int

	asOf time.Time // feeds list only stories published by then; zero: all

	stopCtx   func() bool // unhooks Close from Start's context
	closeOnce sync.Once
	closeErr  error
}

// Start renders the sample relative to opts.Now and serves it on
// 127.0.0.1 at a free port until ctx is done or Close is called.
func Start(ctx context.Context, opts Options) (*Server, error) {
	m, err := loadManifest()
	if err != nil {
		return nil, err
	}
	s := &Server{
		now: opts.Now, log: opts.Log, outlets: m.Outlets, stories: m.Stories,
		layouts: map[string]*template.Template{}, res: map[string]*resource{},
		updated: map[string]time.Time{}, hits: map[string]int{},
	}
	if s.now.IsZero() {
		s.now = time.Now()
	}
	s.now = s.now.UTC().Truncate(time.Second)
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	var lc net.ListenConfig
	s.ln, err = lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("demo listen: %w", err)
	}
	s.base = "http://" + s.ln.Addr().String()
	if err := s.build(m.Comments); err != nil {
		_ = s.ln.Close()
		return nil, err
	}
	s.srv = &http.Server{Handler: http.HandlerFunc(s.serve), ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	go func() {
		if err := s.srv.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("demo server stopped", "err", err)
		}
	}()
	// Close when ctx ends; no goroutine waits on a context that never does.
	s.stopCtx = context.AfterFunc(ctx, func() { _ = s.Close() })
	s.log.Info("demo server listening", "url", s.base, "reference", s.now.Format(time.RFC3339))
	return s, nil
}

// URL returns the server's base URL, e.g. "http://127.0.0.1:40123".
func (s *Server) URL() string { return s.base }

// Now returns the reference time the sample's dates are relative to.
func (s *Server) Now() time.Time { return s.now }

// Published returns the publication time of the story at path on this server
// (zero if path is not a story).
func (s *Server) Published(path string) time.Time {
	for _, st := range s.stories {
		if st.Path == path {
			return s.published(st)
		}
	}
	return time.Time{}
}

// ArticleID is the id govwire gives the article at canonicalURL, with this
// server's address (its port changes from run to run) replaced by a fixed
// name, so that an article keeps its id across demo runs and links to it in
// an earlier digest still work.
func (s *Server) ArticleID(canonicalURL string) string {
	if rest, ok := strings.CutPrefix(canonicalURL, s.base); ok {
		return govwire.ArticleID("http://demo.govwire.invalid" + rest)
	}
	return govwire.ArticleID(canonicalURL)
}

// History returns, oldest first, the end of each past day (before the
// reference day) on which a story of the sample was published. Ingesting
// with the clock at each of these, after ShowUntil of it, fills the store as
// if govwire had been running while the sample was published, so that each
// past day has its own digest.
func (s *Server) History() []time.Time {
	today := s.now.Truncate(24 * time.Hour)
	var out []time.Time
	for _, st := range s.stories {
		if p := s.published(st); p.Before(today) {
			out = append(out, p.Truncate(24*time.Hour).Add(24*time.Hour-time.Second))
		}
	}
	slices.SortFunc(out, time.Time.Compare)
	return slices.Compact(out)
}

// ShowUntil makes every feed list only the stories published by t; the
// zero time lists them all again.
func (s *Server) ShowUntil(t time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.asOf = t
	for _, o := range s.outlets {
		if err := s.renderOutletFeed(o); err != nil {
			return err
		}
	}
	return nil
}

// Sources returns the five sources of the sample, feeds on this server.
func (s *Server) Sources() []govwire.Source {
	out := make([]govwire.Source, 0, len(s.outlets))
	for _, o := range s.outlets {
		out = append(out, govwire.Source{Name: o.Name, URL: s.base + o.FeedPath, Schedule: o.Schedule})
	}
	return out
}

// FetchConfig returns the fetch configuration the demo needs: the defaults,
// with only this server's loopback address allowed and politeness delays off.
func (s *Server) FetchConfig() govwire.FetchConfig {
	c := govwire.DefaultFetchConfig()
	c.AllowNetworks = []string{"127.0.0.1/32"}
	c.PerHostInterval = 0
	c.RespectRobots = true
	c.Timeout = 10 * time.Second
	return c
}

// Hits returns how many requests path has received (query strings ignored).
func (s *Server) Hits(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// TotalHits returns how many requests the server has received.
func (s *Server) TotalHits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// Close stops the server; it is safe to call more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		if s.stopCtx != nil {
			s.stopCtx()
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		s.closeErr = s.srv.Shutdown(ctx)
	})
	return s.closeErr
}

func etagOf(b []byte) string {
	h := sha256.Sum256(b)
	return `"` + hex.EncodeToString(h[:12]) + `"`
}

func (s *Server) put(path, ctype string, body []byte, mod time.Time) {
	s.res[path] = &resource{body: body, ctype: ctype, etag: etagOf(body), mod: mod.UTC().Truncate(time.Second)}
}

// serve answers every request: 500 on the failing feed, otherwise the stored
// resource with ETag and Last-Modified (http.ServeContent answers 304s).
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	s.total++
	res := s.res[r.URL.Path]
	s.mu.Unlock()
	s.log.Debug("demo request", "method", r.Method, "path", r.URL.Path,
		"if_none_match", r.Header.Get("If-None-Match"), "if_modified_since", r.Header.Get("If-Modified-Since"))
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	for _, o := range s.outlets {
		if o.Format == "failing" && r.URL.Path == o.FeedPath {
			http.Error(w, "upstream CMS error: feed generator crashed", http.StatusInternalServerError)
			return
		}
	}
	if res == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", res.ctype)
	w.Header().Set("ETag", res.etag)
	w.Header().Set("Cache-Control", "max-age=60")
	http.ServeContent(w, r, "", res.mod, bytes.NewReader(res.body))
}
