// Package api serves govwire's HTTP API and its web search page: search,
// articles, digests, exports, source health, an admin-only ingest trigger,
// health checks, Prometheus metrics and an OpenAPI document. It depends only
// on the interfaces of the root package; cmd/govwire wires in the store, the
// index and the digest and export services.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api/reviewqueue"
)

// Request limits.
const (
	MaxBodyBytes   = 1 << 20 // request bodies
	MaxParamValues = 20      // values of one repeatable query parameter
	MaxParamLength = 200     // bytes of one filter value
	MaxDeliveries  = 100     // delivery records listed by GET /v1/digests
)

// Config is what the server needs. Store and Searcher are required; every
// other field may be left zero.
type Config struct {
	Store      govwire.Store
	Searcher   govwire.Searcher
	Digests    govwire.DigestService                  // nil: digest routes answer 503, the list is empty
	Exporter   govwire.Exporter                       // nil: GET /v1/export answers 503
	Ingest     func(ctx context.Context) (any, error) // POST /v1/ingest runs it; nil: 503
	AdminToken string                                 // "": POST /v1/ingest and GET /v1/jobs/{id} answer 404
	Tokens     []govwire.APIToken                     // api.tokens: reviewers and admins
	Ruleset    func() string                          // current rule-set hash, for /metrics and /v1/sources
	Ready      func() error                           // /readyz; nil: always ready
	IndexStats func() (docs uint64, bytes int64)      // for /metrics; nil: not exported
	IndexLag   func() int64                           // store changes not yet indexed, for /metrics; nil: not exported
	Log        *slog.Logger                           // nil: discard
	Registry   *prometheus.Registry                   // nil: a new one with Go and process collectors
	Timelines  govwire.Timelines                      // timelines and entity pages; nil: those routes answer 503
	Classifier govwire.Classifier                     // resolves entity aliases on entity routes; nil: no aliases
	// QueueThresholds are the classifier's thresholds, for the review
	// queue's near-threshold reasons; zero: no such reasons.
	QueueThresholds reviewqueue.Thresholds
}

// Server is the HTTP API. Build it with New; it is safe for concurrent use.
type Server struct {
	cfg     Config
	log     *slog.Logger
	metrics *Metrics
	handler http.Handler
	paths   *http.ServeMux // every routed path, any method: tells 405 from 404
	jobs    *jobs          // background jobs (POST /v1/ingest)
	queue   *reviewqueue.Queue
	creds   []credential // accepted tokens, hashed (auth.go)
	reviews *prometheus.CounterVec
}

// route is one entry of the routes table.
type route struct {
	pattern string // ServeMux pattern with method, e.g. "GET /v1/search"
	handler http.HandlerFunc
}

// routes is the routes table: every endpoint the server answers. The
// OpenAPI test walks it.
func (s *Server) routes() []route {
	return []route{
		{"GET /{$}", s.page},
		{"GET /assets/", s.assets},
		{"GET /v1/search", s.search},
		{"GET /v1/articles/{id}", s.article},
		{"GET /v1/timeline", s.timeline},
		{"GET /v1/entities", s.entities},
		{"GET /v1/entities/{type}/{value}", s.entity},
		{"GET /v1/review-queue", s.reviewQueue},
		{"PUT /v1/articles/{id}/review", s.review},
		{"GET /v1/digests", s.digests},
		{"GET /v1/digests.atom", s.digestsAtom},
		{"GET /v1/digests/{date}", s.digest},
		{"GET /v1/export", s.export},
		{"GET /v1/sources", s.sources},
		{"POST /v1/ingest", s.ingest},
		{"GET /v1/jobs/{id}", s.job},
		{"GET /v1/openapi.json", s.openapi},
		{"GET /healthz", s.healthz},
		{"GET /readyz", s.readyz},
		{"GET /metrics", s.metricsHandler},
	}
}

// New returns a server for cfg.
func New(cfg Config) *Server {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Registry == nil {
		cfg.Registry = newRegistry()
	}
	s := &Server{cfg: cfg, log: cfg.Log, paths: http.NewServeMux(), jobs: newJobs(), creds: credentials(cfg)}
	s.queue = reviewqueue.New(cfg.Store, cfg.QueueThresholds, reviewDecision)
	s.reviews = newReviewCounter(cfg.Registry)
	s.metrics = newMetrics(cfg.Registry, cfg.Ruleset, cfg.IndexStats)
	if cfg.IndexLag != nil {
		register(cfg.Registry, prometheus.Collector(lagCollector{cfg.IndexLag}))
	}

	mux := http.NewServeMux()
	seen := map[string]bool{}
	for _, rt := range s.routes() {
		mux.HandleFunc(rt.pattern, rt.handler)
		_, path, _ := strings.Cut(rt.pattern, " ")
		if !seen[path] {
			seen[path] = true
			s.paths.HandleFunc(path, func(http.ResponseWriter, *http.Request) {})
		}
	}
	mux.HandleFunc("/", s.notFound)
	s.handler = s.middleware(mux)
	return s
}

// Handler returns the HTTP handler serving every route, wrapped in request
// logging, metrics, security headers, body limits and panic recovery.
func (s *Server) Handler() http.Handler { return s.handler }

// Metrics returns the server's Prometheus metrics, for ingest to count
// articles per source.
func (s *Server) Metrics() *Metrics { return s.metrics }

// notFound answers requests no route matched: 405 with an Allow header when
// the path exists under another method, 404 otherwise.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if _, pat := s.paths.Handler(r); pat != "" {
		if allowed := s.allowed(pat); allowed != "" && !strings.Contains(allowed, r.Method) {
			w.Header().Set("Allow", allowed)
			writeError(w, r, s.log, &statusError{status: http.StatusMethodNotAllowed,
				code: "method_not_allowed", msg: r.Method + " is not allowed on " + r.URL.Path})
			return
		}
	}
	writeError(w, r, s.log, govwire.Errorf(govwire.ENOTFOUND, "no such endpoint: %s", r.URL.Path))
}

// allowed lists the methods the routes table has for path pattern pat.
func (s *Server) allowed(pat string) string {
	var methods []string
	for _, rt := range s.routes() {
		m, p, _ := strings.Cut(rt.pattern, " ")
		if p == pat {
			methods = append(methods, m)
			if m == http.MethodGet {
				methods = append(methods, http.MethodHead)
			}
		}
	}
	return strings.Join(methods, ", ")
}
