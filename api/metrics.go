package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds govwire's Prometheus metrics: HTTP requests by route and
// status, ingest counts per source, index size and the rule-set version.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	ingested *prometheus.CounterVec
}

// newRegistry returns a registry with the Go runtime and process collectors.
func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// newMetrics registers govwire's metrics on reg. ruleset and indexStats may
// be nil; they are read at scrape time.
func newMetrics(reg *prometheus.Registry, ruleset func() string, indexStats func() (uint64, int64)) *Metrics {
	m := &Metrics{
		registry: reg,
		requests: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govwire_http_requests_total",
			Help: "HTTP requests by route pattern and status code.",
		}, []string{"route", "code"})),
		latency: register(reg, prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "govwire_http_request_duration_seconds",
			Help:    "HTTP request latency by route pattern and status code.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 10},
		}, []string{"route", "code"})),
		ingested: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govwire_ingest_articles_total",
			Help: "Articles seen by ingest, by source and result (created, updated, unchanged, failed).",
		}, []string{"source", "result"})),
	}
	register(reg, &stateCollector{ruleset: ruleset, indexStats: indexStats})
	return m
}

// register registers c on reg, reusing the collector already registered
// under the same name when a registry is shared by several servers.
func register[C prometheus.Collector](reg *prometheus.Registry, c C) C {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing
			}
		}
		panic(err)
	}
	return c
}

// IngestCount adds n articles of source with result ("created", "updated",
// "unchanged" or "failed") to the ingest counter.
func (m *Metrics) IngestCount(source, result string, n int) {
	if m == nil || n <= 0 {
		return
	}
	m.ingested.WithLabelValues(source, result).Add(float64(n))
}

// Registry returns the registry the metrics are registered on.
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

// observe records one HTTP request.
func (m *Metrics) observe(route string, status int, d time.Duration) {
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(route, code).Inc()
	m.latency.WithLabelValues(route, code).Observe(d.Seconds())
}

// metricsHandler serves GET /metrics in the Prometheus text format.
func (s *Server) metricsHandler(w http.ResponseWriter, r *http.Request) {
	promhttp.HandlerFor(s.metrics.registry, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}

// stateCollector exports values read at scrape time: index size and the
// rule-set hash.
type stateCollector struct {
	ruleset    func() string
	indexStats func() (uint64, int64)
}

var (
	indexDocsDesc = prometheus.NewDesc("govwire_index_documents",
		"Documents in the search index.", nil, nil)
	indexBytesDesc = prometheus.NewDesc("govwire_index_size_bytes",
		"Size of the search index in bytes.", nil, nil)
	rulesetDesc = prometheus.NewDesc("govwire_ruleset_info",
		"The rule set in use; the value is always 1.", []string{"ruleset"}, nil)
)

// Describe implements prometheus.Collector.
func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- indexDocsDesc
	ch <- indexBytesDesc
	ch <- rulesetDesc
}

// Collect implements prometheus.Collector.
func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	if c.indexStats != nil {
		docs, size := c.indexStats()
		ch <- prometheus.MustNewConstMetric(indexDocsDesc, prometheus.GaugeValue, float64(docs))
		ch <- prometheus.MustNewConstMetric(indexBytesDesc, prometheus.GaugeValue, float64(size))
	}
	if c.ruleset != nil {
		ch <- prometheus.MustNewConstMetric(rulesetDesc, prometheus.GaugeValue, 1, c.ruleset())
	}
}
