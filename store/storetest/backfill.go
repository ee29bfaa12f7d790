package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

func init() {
	register(test{"BackfillMarks", testBackfillMarks})
}

// BackfillStore is implemented by drivers that keep backfill progress.
type backfillStore interface {
	govwire.BackfillStore
}

// testBackfillMarks: marks round-trip per source, a second mark of a URL
// replaces the first, and Covers compares windows.
func testBackfillMarks(t *testing.T, open Opener) {
	ctx := context.Background()
	db, ok := open(t, Options{}).(backfillStore)
	if !ok {
		t.Fatal("the store keeps no backfill progress (govwire.BackfillStore)")
	}
	since := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	a := govwire.BackfillMark{Source: "alpha", URL: "https://alpha.example/sitemap-2024.xml", Kind: govwire.ViaSitemap,
		Since: since, URLs: 12, DoneAt: t0}
	b := govwire.BackfillMark{Source: "beta", URL: "https://beta.example/sitemap.xml", Kind: govwire.ViaSitemap, DoneAt: t0}
	for _, m := range []govwire.BackfillMark{a, b} {
		if err := db.MarkBackfill(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.BackfillMarks(ctx, "alpha")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[a.URL] != a {
		t.Fatalf("alpha marks %+v, want only %+v", got, a)
	}
	a.Since, a.URLs, a.DoneAt = time.Time{}, 40, t0.Add(time.Hour)
	if err := db.MarkBackfill(ctx, a); err != nil {
		t.Fatal(err)
	}
	if got, _ = db.BackfillMarks(ctx, "alpha"); got[a.URL] != a {
		t.Errorf("replaced mark reads %+v, want %+v", got[a.URL], a)
	}
	if err := db.MarkBackfill(ctx, govwire.BackfillMark{Source: "alpha"}); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("mark without url: %v, want EINVALID", err)
	}
	m := govwire.BackfillMark{Since: since}
	for _, tc := range []struct {
		since, until time.Time
		want         bool
	}{
		{since, time.Time{}, true},
		{since.AddDate(1, 0, 0), time.Time{}, true},
		{since.AddDate(-1, 0, 0), time.Time{}, false},
		{time.Time{}, time.Time{}, false},
	} {
		if got := m.Covers(tc.since, tc.until); got != tc.want {
			t.Errorf("mark since %v covers [%v, %v) = %v, want %v", m.Since, tc.since, tc.until, got, tc.want)
		}
	}
}
