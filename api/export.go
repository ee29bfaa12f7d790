package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/govwire/govwire"
)

// ExportIdleTimeout is how long one write of a streamed export may block
// on a client that does not read before the export is cut off.
var ExportIdleTimeout = 30 * time.Second

// exportContentTypes maps the formats GET /v1/export streams to their
// Content-Type; Parquet needs a seekable file and stays on the command line.
var exportContentTypes = map[string]string{
	"jsonl": "application/x-ndjson; charset=utf-8",
	"csv":   "text/csv; charset=utf-8",
}

// export serves GET /v1/export: a JSONL or CSV corpus streamed as it is read
// from the store.
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), "format", "label", "source", "since", "until", "q", "no_text",
		"all", "duplicates", "reviewed_only")
	req := govwire.ExportRequest{
		Format: p.oneOf("format", "jsonl", "jsonl", "csv"),
		Query:  p.str("q", govwire.MaxQueryLength),
		NoText: p.boolean("no_text"),
		Filter: govwire.ArticleFilter{
			Labels:        p.labels("label"),
			Sources:       p.list("source"),
			OnTopicOnly:   !p.boolean("all"),
			OnePerCluster: !p.boolean("duplicates"),
			ReviewedOnly:  p.boolean("reviewed_only"),
		},
	}
	req.Filter.Since, req.Filter.Until = p.dateRange()
	req.Filter.NoText = req.NoText
	err := p.err
	if err == nil && s.cfg.Exporter == nil {
		err = govwire.Errorf(govwire.EUNAVAILABLE, "export is not enabled on this server")
	}
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}

	// A long export must not hit the server's write timeout, but a client
	// that stops reading must not hold it for ever: each write gets
	// ExportIdleTimeout to go through.
	sw := &streamWriter{w: w, rc: http.NewResponseController(w), idle: ExportIdleTimeout, contentType: exportContentTypes[req.Format],
		filename: fmt.Sprintf("govwire-%s.%s", time.Now().UTC().Format("20060102-150405"), req.Format)}
	stats, err := s.cfg.Exporter.Export(r.Context(), sw, req)
	if err != nil {
		if !sw.started {
			writeError(w, r, s.log, err)
			return
		}
		if clientWentAway(r, err) {
			s.log.InfoContext(r.Context(), "client went away during export", "format", req.Format,
				"articles", stats.Articles, "bytes", stats.Bytes, "err", err)
			if cg, ok := w.(interface{ clientGone() }); ok {
				cg.clientGone()
			}
			return
		}
		// The status is sent: cut the stream so the client sees it fail.
		s.log.ErrorContext(r.Context(), "export failed mid-stream", "format", req.Format, "err", err)
		panic(http.ErrAbortHandler)
	}
	if !sw.started {
		_, _ = sw.Write(nil) // an empty export is still a 200 download
	}
	s.log.InfoContext(r.Context(), "export done", "format", req.Format, "articles", stats.Articles, "bytes", stats.Bytes)
}

// streamWriter sets the download headers on its first write, so an export
// that fails before writing anything can still answer with a JSON error.
type streamWriter struct {
	w           http.ResponseWriter
	rc          *http.ResponseController
	idle        time.Duration // how long one write may block
	contentType string
	filename    string
	started     bool
}

// Write implements io.Writer.
func (sw *streamWriter) Write(b []byte) (int, error) {
	if !sw.started {
		sw.started = true
		h := sw.w.Header()
		h.Set("Content-Type", sw.contentType)
		h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", sw.filename))
		h.Set("Cache-Control", "no-store")
		sw.w.WriteHeader(http.StatusOK)
	}
	_ = sw.rc.SetWriteDeadline(time.Now().Add(sw.idle))
	return sw.w.Write(b)
}
