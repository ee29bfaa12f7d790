package api

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/govwire/govwire"
)

// contentSecurityPolicy allows only the page's own scripts, styles and
// images: no inline script, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// middleware wraps the mux: security headers, body limit, panic recovery,
// then metrics and one log line per request, labelled by route pattern.
func (s *Server) middleware(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		h := rec.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if r.Body != nil {
			r.Body = http.MaxBytesReader(rec, r.Body, MaxBodyBytes)
		}

		switch err := checkRequest(r); {
		case err != nil:
			if r.ContentLength > MaxBodyBytes { // do not wait for a body we refuse
				h.Set("Connection", "close")
			}
			writeError(rec, r, s.log, err)
		default:
			s.recovered(mux, rec, r)
		}

		// The mux sets r.Pattern on the request it was given.
		route := r.Pattern
		if route == "" || route == "/" {
			route = "other"
		}
		elapsed := time.Since(start)
		s.metrics.observe(route, rec.status, elapsed)
		level := slog.LevelInfo
		if rec.status >= 500 {
			level = slog.LevelWarn
		}
		s.log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.String("route", route),
			slog.Int("status", rec.status),
			slog.Int64("bytes", rec.bytes),
			slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
			slog.String("remote_addr", r.RemoteAddr))
		// A response cut short (a failed stream, a client gone) must not
		// look complete: abort the connection.
		if rec.abort || rec.status == StatusClientClosed {
			panic(http.ErrAbortHandler)
		}
	})
}

// checkRequest refuses, before any handler runs, what no route accepts: a
// declared body over MaxBodyBytes (413 at once, instead of waiting for the
// read timeout) and a malformed query string.
func checkRequest(r *http.Request) error {
	if r.ContentLength > MaxBodyBytes {
		return &statusError{status: http.StatusRequestEntityTooLarge, code: govwire.ETOOLARGE,
			msg: fmt.Sprintf("request body of %d bytes is over the limit of %d", r.ContentLength, MaxBodyBytes)}
	}
	return checkRawQuery(r.URL.RawQuery)
}

// drainBody reads and discards r's body, for routes that take none but
// must still enforce the size limit. A body the client fails to send (it
// stalls past the read timeout, or hangs up) is a client error, not a 500.
func drainBody(r *http.Request) error {
	if r.Body == nil {
		return nil
	}
	_, err := io.Copy(io.Discard, r.Body)
	var mb *http.MaxBytesError
	var ne net.Error
	switch {
	case err == nil, errors.As(err, &mb):
		return err
	case errors.As(err, &ne) && ne.Timeout():
		return &statusError{status: http.StatusRequestTimeout, code: "request_timeout", msg: "the request body did not arrive in time"}
	default:
		return &statusError{status: http.StatusBadRequest, code: govwire.EINVALID, msg: "the request body could not be read: " + clip(err.Error(), 80)}
	}
}

// recovered serves r and turns a panic into a 500 JSON error, or into an
// aborted response (rec.abort) when the headers were already sent.
func (s *Server) recovered(h http.Handler, rec *recorder, r *http.Request) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
			rec.abort = true // cut after the request is logged and counted
			return
		}
		s.log.ErrorContext(r.Context(), "handler panic", "path", r.URL.Path,
			"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		if rec.wrote {
			rec.status, rec.abort = http.StatusInternalServerError, true
			return
		}
		writeError(rec, r, s.log, govwire.Errorf(govwire.EINTERNAL, "internal error"))
	}()
	h.ServeHTTP(rec, r)
}

// recorder remembers the status and size of a response.
type recorder struct {
	http.ResponseWriter
	abort  bool // cut the connection once the request is logged
	status int
	bytes  int64
	wrote  bool
}

// WriteHeader records the status.
func (rec *recorder) WriteHeader(status int) {
	if !rec.wrote {
		rec.status, rec.wrote = status, true
	}
	rec.ResponseWriter.WriteHeader(status)
}

// Write counts the bytes written.
func (rec *recorder) Write(b []byte) (int, error) {
	rec.wrote = true
	n, err := rec.ResponseWriter.Write(b)
	rec.bytes += int64(n)
	return n, err
}

// StatusClientClosed is the status recorded (in the log and the metrics,
// never sent) for a request whose client went away before the answer:
// nginx's 499, so it is not counted as a server error.
const StatusClientClosed = 499

// clientGone records that the client went away.
func (rec *recorder) clientGone() { rec.status, rec.wrote = StatusClientClosed, true }

// Flush sends buffered data to the client, for streamed exports.
func (rec *recorder) Flush() {
	rec.wrote = true
	_ = http.NewResponseController(rec.ResponseWriter).Flush()
}

// Unwrap gives http.ResponseController the underlying writer.
func (rec *recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }
