package api

import (
	"net/url"
	"testing"

	"github.com/govwire/govwire"
)

// FuzzParseSearch checks that any query string either is refused with an
// EINVALID error or yields a SearchQuery within every limit.
func FuzzParseSearch(f *testing.F) {
	for _, s := range []string{
		"q=Oracle+protest+JWCC&label=protest&sort=date",
		"size=100&page=100", "since=2026-01-01&until=2026-02-01T00:00:00Z",
		"after=abc&collapse=1&all=yes", "label=award&label=bid&vendor=IBM",
		"page=0", "q=%ff%fe", "size=-1", "sort=date&sort=relevance",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := parseSearch(v)
		if err != nil {
			if govwire.ErrorCode(err) != govwire.EINVALID || govwire.ErrorMessage(err) == "" {
				t.Fatalf("parseSearch(%q): %v, want an EINVALID error with a message", raw, err)
			}
			return
		}
		if len(q.Q) > govwire.MaxQueryLength || q.Size < 1 || q.Size > govwire.MaxPageSize || q.Page < 1 {
			t.Fatalf("parseSearch(%q) accepted %+v", raw, q)
		}
		if q.After == "" && q.Page*q.Size > govwire.MaxDeepOffset {
			t.Fatalf("parseSearch(%q) accepted a page past %d", raw, govwire.MaxDeepOffset)
		}
		for _, l := range q.Labels {
			if !govwire.ValidLabel(l) {
				t.Fatalf("parseSearch(%q) accepted label %q", raw, l)
			}
		}
		if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
			t.Fatalf("parseSearch(%q) accepted since %v >= until %v", raw, q.Since, q.Until)
		}
	})
}
