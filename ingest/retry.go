package ingest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry policy defaults.
const (
	defaultAttempts   = 3
	defaultBackoff    = 500 * time.Millisecond // first backoff ceiling; doubles per attempt
	maxBackoff        = 30 * time.Second
	maxRetryAfter     = 60 * time.Second // a longer Retry-After ends the fetch
	drainOnErrorBytes = 4 << 10          // read from error bodies so the connection can be reused
)

// FetchError is a failed fetch. Status is the last HTTP status (0 when no
// response came); Retryable says whether trying again later may succeed
// (network errors, 429, 5xx), which the scheduler uses to back off a source.
type FetchError struct {
	URL        string
	Status     int
	Retryable  bool
	Attempts   int
	RetryAfter time.Duration // the server's Retry-After, if it sent one
	Err        error
}

// Error implements the error interface.
func (e *FetchError) Error() string {
	cause := fmt.Sprintf("status %d", e.Status)
	if e.Err != nil {
		cause = e.Err.Error()
	}
	msg := "fetch " + e.URL + ": " + cause
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	return msg
}

// Unwrap returns the cause.
func (e *FetchError) Unwrap() error { return e.Err }

// attemptError is the outcome of one failed attempt.
type attemptError struct {
	status     int
	retryable  bool
	retryAfter time.Duration
	err        error
}

func (e *attemptError) Error() string { return e.err.Error() }
func (e *attemptError) Unwrap() error { return e.err }

// statusError builds the attempt error for a non-200, non-304 status.
func statusError(resp *http.Response, now time.Time) *attemptError {
	code := resp.StatusCode
	ae := &attemptError{status: code, err: fmt.Errorf("status %d %s", code, http.StatusText(code))}
	if code == http.StatusTooManyRequests || code >= 500 {
		ae.retryable = true
		ae.retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), now)
	}
	return ae
}

// parseRetryAfter reads a Retry-After value in seconds or as an HTTP date;
// it returns 0 when absent or unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > int64(24*time.Hour/time.Second) {
			n = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// backoff is the wait before attempt+1: full jitter over an exponentially
// growing ceiling, unless the server named its own delay.
func (f *Fetcher) backoff(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return retryAfter
	}
	ceiling := f.backoffBase << (attempt - 1)
	if ceiling <= 0 || ceiling > maxBackoff {
		ceiling = maxBackoff
	}
	return rand.N(ceiling) + 1
}

// withRetries runs one attempt after another (each behind the per-host
// limiter when polite) until one succeeds, fails for good, or the attempts
// or ctx run out.
func (f *Fetcher) withRetries(ctx context.Context, rawURL, host string, p policy, try func(context.Context) (*Response, error)) (*Response, error) {
	for attempt := 1; ; attempt++ {
		if p.polite {
			if err := f.limits.wait(ctx, host); err != nil {
				return nil, &FetchError{URL: rawURL, Attempts: attempt - 1, Err: err}
			}
		}
		resp, err := try(ctx)
		if err == nil {
			resp.Attempts = attempt
			return resp, nil
		}
		fe := &FetchError{URL: rawURL, Attempts: attempt, Err: err}
		var ae *attemptError
		if errors.As(err, &ae) {
			fe.Status, fe.Retryable, fe.RetryAfter = ae.status, ae.retryable, ae.retryAfter
		}
		if !fe.Retryable || attempt >= p.attempts {
			return nil, fe
		}
		if fe.RetryAfter > maxRetryAfter {
			fe.Err = fmt.Errorf("%w; server asks to retry after %s, over the %s cap", err, fe.RetryAfter, maxRetryAfter)
			return nil, fe
		}
		wait := f.backoff(attempt, fe.RetryAfter)
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
			fe.Err = fmt.Errorf("%w; next retry in %s would pass the deadline", err, wait.Round(time.Millisecond))
			return nil, fe
		}
		f.log.Info("fetch retry", "url", rawURL, "attempt", attempt, "status", fe.Status,
			"wait", wait.Round(time.Millisecond), "error", err.Error())
		if err := sleepCtx(ctx, wait); err != nil {
			fe.Err = fmt.Errorf("%w; gave up waiting to retry: %w", fe.Err, err)
			return nil, fe
		}
	}
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
