package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/govwire/govwire"
)

func TestErrorStatus(t *testing.T) {
	for _, tc := range []struct {
		err       error
		status    int
		code, msg string
	}{
		{govwire.Errorf(govwire.EINVALID, "bad q"), 400, "invalid", "bad q"},
		{fmt.Errorf("search: %w", govwire.Errorf(govwire.ENOTFOUND, "no such article")), 404, "not_found", "no such article"},
		{govwire.Errorf(govwire.ECONFLICT, "already sent"), 409, "conflict", "already sent"},
		{govwire.Errorf(govwire.EUNAUTHORIZED, "token"), 401, "unauthorized", "token"},
		{govwire.Errorf(govwire.ETOOLARGE, "big"), 413, "too_large", "big"},
		{govwire.Errorf(govwire.ETIMEOUT, "slow"), 504, "timeout", "slow"},
		{govwire.Errorf(govwire.EUNAVAILABLE, "building"), 503, "unavailable", "building"},
		{govwire.Errorf("weird", "x"), 500, "internal", "x"},
		{errors.New("sql: connection reset at 10.0.0.3"), 500, "internal", "internal error"},
		{fmt.Errorf("scan: %w", context.DeadlineExceeded), 504, "timeout", "the request took too long"},
		{&http.MaxBytesError{Limit: 10}, 413, "too_large", "request body over the limit"},
		{&statusError{status: 405, code: "method_not_allowed", msg: "no"}, 405, "method_not_allowed", "no"},
	} {
		status, code, msg := errorStatus(tc.err)
		if status != tc.status || code != tc.code || msg != tc.msg {
			t.Errorf("errorStatus(%v) = %d %q %q, want %d %q %q", tc.err, status, code, msg, tc.status, tc.code, tc.msg)
		}
	}
}

func TestSafeSnippet(t *testing.T) {
	for in, want := range map[string]string{
		"the <mark>award</mark> &amp; more":           "the <mark>award</mark> &amp; more",
		"plain text":                                  "plain text",
		`<mark onclick="x">award</mark>`:              `&lt;mark onclick=&#34;x&#34;&gt;award`,
		"<img src=x onerror=alert(1)> <mark>a</mark>": "&lt;img src=x onerror=alert(1)&gt; a",
	} {
		if got := safeSnippet(in); got != want {
			t.Errorf("safeSnippet(%q) = %q, want %q", in, got, want)
		}
	}
}
