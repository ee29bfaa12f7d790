package api

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/govwire/govwire"
)

// params reads and validates query parameters, keeping the first error.
type params struct {
	v   url.Values
	err error
}

// newParams checks that every parameter is one of known.
func newParams(v url.Values, known ...string) *params {
	p := &params{v: v}
	for name := range v {
		if !slices.Contains(known, name) {
			p.fail("unknown parameter %q (known: %s)", name, strings.Join(known, ", "))
			break
		}
	}
	return p
}

func (p *params) fail(format string, args ...any) {
	if p.err == nil {
		p.err = govwire.Errorf(govwire.EINVALID, format, args...)
	}
}

// str returns the single value of name, at most max bytes of valid UTF-8.
func (p *params) str(name string, max int) string {
	vs := p.v[name]
	if len(vs) > 1 {
		p.fail("parameter %s given %d times; it takes one value", name, len(vs))
		return ""
	}
	if len(vs) == 0 {
		return ""
	}
	s := strings.TrimSpace(vs[0])
	switch {
	case len(s) > max:
		p.fail("parameter %s is %d bytes; the limit is %d", name, len(s), max)
	case !utf8.ValidString(s):
		p.fail("parameter %s is not valid UTF-8", name)
	}
	return s
}

// list returns the non-empty values of a repeatable parameter.
func (p *params) list(name string) []string {
	vs := p.v[name]
	if len(vs) > MaxParamValues {
		p.fail("parameter %s given %d times; the limit is %d", name, len(vs), MaxParamValues)
		return nil
	}
	var out []string
	for _, s := range vs {
		s = strings.TrimSpace(s)
		switch {
		case s == "":
			continue
		case len(s) > MaxParamLength:
			p.fail("a %s value is %d bytes; the limit is %d", name, len(s), MaxParamLength)
		case !utf8.ValidString(s):
			p.fail("a %s value is not valid UTF-8", name)
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// labels returns the label parameter, each checked against govwire.Labels.
func (p *params) labels(name string) []string {
	ls := p.list(name)
	for _, l := range ls {
		if !govwire.ValidLabel(l) {
			p.fail("unknown label %q: use one of %s", l, strings.Join(govwire.Labels, ", "))
		}
	}
	return ls
}

// integer returns name as an integer in [min, max], def when absent.
func (p *params) integer(name string, def, min, max int) int {
	s := p.str(name, 20)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.fail("parameter %s must be a whole number, not %q", name, s)
		return def
	}
	if n < min || n > max {
		p.fail("parameter %s must be between %d and %d, not %d", name, min, max, n)
		return def
	}
	return n
}

// boolean returns name as a boolean: 1, true, yes or 0, false, no; a bare
// "?name" is true.
func (p *params) boolean(name string) bool {
	if _, ok := p.v[name]; !ok {
		return false
	}
	switch s := strings.ToLower(p.str(name, 10)); s {
	case "", "1", "true", "yes", "on":
		return true
	case "0", "false", "no", "off":
		return false
	default:
		p.fail("parameter %s must be true or false, not %q", name, s)
		return false
	}
}

// date parses name as YYYY-MM-DD (midnight UTC) or RFC 3339; dateOnly
// says which.
func (p *params) date(name string) (t time.Time, dateOnly bool) {
	s := p.str(name, 40)
	if s == "" {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		p.fail("parameter %s must be a date (YYYY-MM-DD) or an RFC 3339 time, not %q", name, s)
	}
	return t, false
}

// dateRange reads since and until as the half-open range [since, until),
// as on the command line: a bare date in until includes that whole day
// (until=2026-11-30 ends at midnight starting December 1st).
func (p *params) dateRange() (since, until time.Time) {
	since, _ = p.date("since")
	until, dateOnly := p.date("until")
	if dateOnly {
		until = until.AddDate(0, 0, 1)
	}
	if !since.IsZero() && !until.IsZero() && !since.Before(until) {
		p.fail("since (%s) must be before until (%s)", p.v.Get("since"), p.v.Get("until"))
	}
	return since, until
}

// oneOf returns name, which must be one of choices; def when absent.
func (p *params) oneOf(name, def string, choices ...string) string {
	s := p.str(name, 40)
	if s == "" {
		return def
	}
	if !slices.Contains(choices, s) {
		p.fail("parameter %s must be one of %s, not %q", name, strings.Join(choices, ", "), s)
	}
	return s
}

// checkRawQuery refuses a query string that url.Values would silently
// mangle: a malformed percent-escape ("q=%zz" would be dropped, leaving a
// match-all search, and "lable=%zz" would slip past the unknown-parameter
// check) or a raw ';' separator. The error names the parameter.
func checkRawQuery(raw string) error {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		key, value, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(key)
		if err != nil {
			return govwire.Errorf(govwire.EINVALID, "parameter name %q has a malformed percent-escape (write %% as %%25)", clip(key, 40))
		}
		if strings.Contains(pair, ";") {
			return govwire.Errorf(govwire.EINVALID, "parameter %q contains a raw ';' (write it as %%3B)", clip(name, 40))
		}
		if _, err := url.QueryUnescape(value); err != nil {
			return govwire.Errorf(govwire.EINVALID, "parameter %q has a malformed percent-escape in its value (write %% as %%25)", clip(name, 40))
		}
	}
	return nil
}
