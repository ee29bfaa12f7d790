package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"syscall"

	"github.com/govwire/govwire"
)

// errorBody is the JSON shape of every error: {"error": {"code", "message"}}.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// statusError is an error raised by the HTTP layer itself with a status no
// govwire code covers (405).
type statusError struct {
	status int
	code   string
	msg    string
}

func (e *statusError) Error() string { return e.code + ": " + e.msg }

// errorStatus is the one place that maps an error to an HTTP status, an
// error code and a message fit to show the client.
func errorStatus(err error) (status int, code, msg string) {
	var se *statusError
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &se):
		return se.status, se.code, se.msg
	case errors.As(err, &mb):
		return http.StatusRequestEntityTooLarge, govwire.ETOOLARGE, "request body over the limit"
	case govwire.ErrorCode(err) == govwire.EINTERNAL && errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout, govwire.ETIMEOUT, "the request took too long"
	}
	code, msg = govwire.ErrorCode(err), govwire.ErrorMessage(err)
	switch code {
	case govwire.EINVALID:
		status = http.StatusBadRequest
	case govwire.ENOTFOUND:
		status = http.StatusNotFound
	case govwire.ECONFLICT:
		status = http.StatusConflict
	case govwire.EUNAUTHORIZED:
		status = http.StatusUnauthorized
	case govwire.EFORBIDDEN:
		status = http.StatusForbidden
	case govwire.ETOOLARGE:
		status = http.StatusRequestEntityTooLarge
	case govwire.ETIMEOUT:
		status = http.StatusGatewayTimeout
	case govwire.EUNAVAILABLE:
		status = http.StatusServiceUnavailable
	default:
		status, code = http.StatusInternalServerError, govwire.EINTERNAL
	}
	return status, code, msg
}

// writeError writes err as a JSON error. Server-side failures are logged
// here, where they are handled; a client that went away is not an error.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	if clientWentAway(r, err) {
		// Nobody is listening: record it as such (499), write nothing.
		log.InfoContext(r.Context(), "client went away", "method", r.Method, "path", r.URL.Path, "err", err)
		if cg, ok := w.(interface{ clientGone() }); ok {
			cg.clientGone()
		}
		return
	}
	status, code, msg := errorStatus(err)
	switch {
	case status == http.StatusServiceUnavailable: // a known, passing state (not ready, index lagging)
		log.WarnContext(r.Context(), "request refused: unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
	case status >= 500:
		log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path,
			"status", status, "err", err)
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="govwire"`)
	}
	writeJSON(w, r, log, status, errorBody{Error: errorDetail{Code: code, Message: msg}})
}

// clientWentAway reports whether err comes from the request's client
// having gone away rather than from the server: the request's context is
// cancelled only when its connection closes or half-closes, and a write
// to a closed connection fails with EPIPE or ECONNRESET, or times out on
// a client that stopped reading.
func clientWentAway(r *http.Request, err error) bool {
	return err != nil && (r.Context().Err() != nil || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, os.ErrDeadlineExceeded))
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, r *http.Request, log *slog.Logger, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		log.ErrorContext(r.Context(), "encode response", "path", r.URL.Path, "err", err)
		status = http.StatusInternalServerError
		b = []byte(`{"error":{"code":"internal","message":"internal error"}}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
