package main

import (
	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
	"github.com/govwire/govwire/ingest"
)

// The hooks below feed the API server's metrics from the scheduler's
// work. a.metrics is nil until serve starts the server (and in commands
// that serve nothing); the Metrics methods do nothing then.

// sourceDone counts one pass over a source: ingest's OnSource hook.
func (a *app) sourceDone(s govwire.Source, sum ingest.Summary) {
	a.metrics.IngestPass(passOf(s, sum))
}

// passOf turns one source's summary into the metrics' terms: the feed's
// own failure makes the pass "failed"; failed items are counted as
// articles.
func passOf(s govwire.Source, sum ingest.Summary) api.IngestPass {
	p := api.IngestPass{Source: s.Name, Result: "ok", New: sum.New, Updated: sum.Updated,
		Unchanged: sum.Unchanged, Failed: sum.Failed, Fetched: sum.Fetched}
	for _, e := range sum.Errors {
		if e.URL == s.URL || sum.Sources == 0 {
			p.Result = "failed"
			p.Failed--
		}
	}
	switch {
	case sum.Skipped > 0:
		p.Result = "skipped"
	case p.Result == "ok" && sum.NotModified > 0:
		p.Result = "not_modified"
	}
	p.Failed = max(p.Failed, 0)
	return p
}

// delivered counts one attempt to send a digest: digest's OnDelivery hook.
func (a *app) delivered(rec govwire.Delivery) {
	a.metrics.Delivery(rec.Digest, rec.Channel, rec.Status)
}

// reloaded counts one change to the rule files: the reloader's OnReload
// hook.
func (a *app) reloaded(result string) { a.metrics.RuleReload(result) }
