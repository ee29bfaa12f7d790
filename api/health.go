package api

import "github.com/prometheus/client_golang/prometheus"

// lagDesc describes govwire_index_lag_changes.
var lagDesc = prometheus.NewDesc("govwire_index_lag_changes",
	"Store changes the search index does not hold yet: above 0 for long means index updates fail (see /readyz).", nil, nil)

// lagCollector exports the index lag, read at scrape time.
type lagCollector struct{ lag func() int64 }

// Describe implements prometheus.Collector.
func (c lagCollector) Describe(ch chan<- *prometheus.Desc) { ch <- lagDesc }

// Collect implements prometheus.Collector.
func (c lagCollector) Collect(ch chan<- prometheus.Metric) {
	ch <- prometheus.MustNewConstMetric(lagDesc, prometheus.GaugeValue, float64(c.lag()))
}
