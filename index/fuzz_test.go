package index

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

// FuzzSearchQuery sends arbitrary query text through parsing, the cost
// bounds and a search of the fixtures: a query is answered or refused as
// the user's error (EINVALID), or times out, but never panics and never
// fails as an internal error (a 500 in the API). Its corpus is committed
// under testdata/fuzz/FuzzSearchQuery; CI runs it for 60 s:
//
//	go test -run '^$' -fuzz FuzzSearchQuery -fuzztime 60s ./index/
func FuzzSearchQuery(f *testing.F) {
	for _, s := range []string{"oracle", `"bid protest"`, "title:oracle +award -protest", "clou*", "oracle~2",
		"oracle~-1", "title:(", "published:>2026-01-01", "score_protest:>0.5", "vendors:\"Amazon Web Services\"",
		"a???", "/re/", "*x", "x^2", `\(escaped\)`} {
		f.Add(s)
	}
	ix := memIndexWith(f, fixtures(f), Options{SearchTimeout: 2 * time.Second})
	f.Fuzz(func(t *testing.T, q string) {
		start := time.Now()
		// A search that never returns would stall the fuzzer silently:
		// crash with the query instead.
		hung := time.AfterFunc(20*time.Second, func() { panic(fmt.Sprintf("query %q hung", q)) })
		defer hung.Stop()
		_, err := ix.Search(context.Background(), govwire.SearchQuery{Q: q})
		if d := time.Since(start); d > 3*time.Second {
			t.Fatalf("query %q took %s, past its deadline", q, d)
		}
		switch govwire.ErrorCode(err) {
		case "", govwire.EINVALID, govwire.ETIMEOUT:
		default:
			t.Fatalf("query %q: %v (code %s), want an answer or EINVALID", q, err, govwire.ErrorCode(err))
		}
	})
}
