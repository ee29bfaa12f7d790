package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds govwire's Prometheus metrics: HTTP requests by route and
// status; everything the scheduler does (ingest passes and articles per
// source, source health, digest deliveries per channel, index updates,
// rule reloads); index size and the rule-set version.
type Metrics struct {
	registry   *prometheus.Registry
	requests   *prometheus.CounterVec
	latency    *prometheus.HistogramVec
	passes     *prometheus.CounterVec
	ingested   *prometheus.CounterVec
	pages      *prometheus.CounterVec
	sourceUp   *prometheus.GaugeVec
	lastOK     *prometheus.GaugeVec
	deliveries *prometheus.CounterVec
	indexed    *prometheus.CounterVec
	reloads    *prometheus.CounterVec
}

// The label values of the scheduler's counters; the HELP texts list them.
var (
	// PassResults are the results of a pass over one source.
	PassResults = []string{"ok", "not_modified", "failed", "skipped"}
	// ArticleResults are the outcomes of one feed item.
	ArticleResults = []string{"new", "updated", "unchanged", "failed"}
	// DeliveryOutcomes are the outcomes of one attempt to send a digest.
	DeliveryOutcomes = []string{"sent", "failed"}
	// ReloadResults are the results of a change to the rule files.
	ReloadResults = []string{"ok", "rejected", "unchanged"}
	// IndexResults are the results of one index update.
	IndexResults = []string{"ok", "failed"}
)

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
		passes: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govwire_ingest_passes_total",
			Help: "Passes over a source's feed (scheduled, CLI or POST /v1/ingest), by source and result: " + strings.Join(PassResults, ", ") + ".",
		}, []string{"source", "result"})),
		ingested: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govwire_ingest_articles_total",
			Help: "Feed items handled by ingest, by source and result: " + strings.Join(ArticleResults, ", ") + ".",
		}, []string{"source", "result"})),
		pages: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govwire_ingest_pages_fetched_total",
			Help: "Article pages fetched by ingest, by source.",
		}, []string{"source"})),
		sourceUp: register(reg, prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "govwire_source_up",
			Help: "1 if the last pass over the source's feed succeeded (ok or not_modified), 0 if it failed.",
		}, []string{"source"})),
		lastOK: register(reg, prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "govwire_source_last_success_timestamp_seconds",
			Help: "Unix time of the last successful pass over the source's feed.",
		}, []string{"source"})),
		deliveries: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govwire_digest_deliveries_total",
			Help: "Attempts to send a digest, by digest, channel and outcome: " + strings.Join(DeliveryOutcomes, ", ") + ".",
		}, []string{"digest", "channel", "outcome"})),
		indexed: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govwire_index_updates_total",
			Help: "Updates of the search index from the store (at start and after each source saves articles), by result: " + strings.Join(IndexResults, ", ") + ".",
		}, []string{"result"})),
		reloads: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "govwire_rule_reloads_total",
			Help: "Changes to the rule files seen while serving, by result: " + strings.Join(ReloadResults, ", ") + ".",
		}, []string{"result"})),
	}
	for _, r := range IndexResults {
		m.indexed.WithLabelValues(r)
	}
	for _, r := range ReloadResults {
		m.reloads.WithLabelValues(r)
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

// IngestPass is one pass over a source, as the metrics see it.
type IngestPass struct {
	Source string
	Result string // one of PassResults
	// Feed items by outcome, and pages fetched.
	New, Updated, Unchanged, Failed, Fetched int
}

// Sources starts the per-source series at zero, so that a source that has
// not run yet, or never fails, still shows in /metrics.
func (m *Metrics) Sources(names []string) {
	if m == nil {
		return
	}
	for _, n := range names {
		for _, r := range PassResults {
			m.passes.WithLabelValues(n, r)
		}
		for _, r := range ArticleResults {
			m.ingested.WithLabelValues(n, r)
		}
		m.pages.WithLabelValues(n)
	}
}

// IngestPass counts one pass over a source and updates its health.
func (m *Metrics) IngestPass(p IngestPass) {
	if m == nil {
		return
	}
	m.passes.WithLabelValues(p.Source, p.Result).Inc()
	for r, n := range map[string]int{"new": p.New, "updated": p.Updated, "unchanged": p.Unchanged, "failed": p.Failed} {
		if n > 0 {
			m.ingested.WithLabelValues(p.Source, r).Add(float64(n))
		}
	}
	if p.Fetched > 0 {
		m.pages.WithLabelValues(p.Source).Add(float64(p.Fetched))
	}
	switch p.Result {
	case "ok", "not_modified":
		m.sourceUp.WithLabelValues(p.Source).Set(1)
		m.lastOK.WithLabelValues(p.Source).SetToCurrentTime()
	case "failed":
		m.sourceUp.WithLabelValues(p.Source).Set(0)
	}
}

// IngestCount adds n articles of source with result (one of
// ArticleResults) to the ingest counter.
func (m *Metrics) IngestCount(source, result string, n int) {
	if m == nil || n <= 0 {
		return
	}
	m.ingested.WithLabelValues(source, result).Add(float64(n))
}

// Delivery counts one attempt to send digest to channel; outcome is one
// of DeliveryOutcomes.
func (m *Metrics) Delivery(digest, channel, outcome string) {
	if m != nil {
		m.deliveries.WithLabelValues(digest, channel, outcome).Inc()
	}
}

// IndexUpdate counts one update of the index from the store.
func (m *Metrics) IndexUpdate(ok bool) {
	if m == nil {
		return
	}
	if ok {
		m.indexed.WithLabelValues("ok").Inc()
	} else {
		m.indexed.WithLabelValues("failed").Inc()
	}
}

// RuleReload counts one change to the rule files; result is one of
// ReloadResults.
func (m *Metrics) RuleReload(result string) {
	if m != nil {
		m.reloads.WithLabelValues(result).Inc()
	}
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
