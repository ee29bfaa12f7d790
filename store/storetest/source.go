package storetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

func init() {
	register(
		test{"SourceState", testSourceState},
		test{"Sources", testSources},
		test{"LogFetchIsBounded", testLogFetchIsBounded},
	)
}

func testSourceState(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{})
	full := govwire.SourceState{Name: "alpha", URL: "https://alpha.example/feed.xml", ETag: `"v1"`,
		LastModified: "Mon, 02 Nov 2026 10:00:00 GMT", LastStatus: 200, LastError: "",
		LastAttempt: t0, LastSuccess: t0, ConsecutiveFailures: 0, NextAttempt: t0.Add(15 * time.Minute)}
	failing := full
	failing.LastStatus, failing.LastError, failing.ConsecutiveFailures = 503, "fetch feed: 503", 3
	failing.LastAttempt, failing.NextAttempt = t0.Add(time.Hour), t0.Add(3*time.Hour)
	for _, tc := range []struct {
		name string
		save *govwire.SourceState // nil: read only
		want govwire.SourceState
	}{
		{"never seen", nil, govwire.SourceState{Name: "alpha"}},
		{"saved", &full, full},
		{"replaced", &failing, failing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.save != nil {
				if err := db.SaveSourceState(ctx, *tc.save); err != nil {
					t.Fatal(err)
				}
			}
			got, err := db.SourceState(ctx, "alpha")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
	if err := db.SaveSourceState(ctx, govwire.SourceState{}); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("nameless state: %v", err)
	}
	if _, err := db.SourceState(ctx, ""); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("empty name: %v", err)
	}
}

func testSources(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{})
	if got, err := db.Sources(ctx); err != nil || len(got) != 0 {
		t.Fatalf("empty store: %v, %v", got, err)
	}
	for _, name := range []string{"beta", "alpha", "idle"} {
		if err := db.SaveSourceState(ctx, govwire.SourceState{Name: name, URL: "https://" + name + ".example/"}); err != nil {
			t.Fatal(err)
		}
	}
	counts := map[string]int{"alpha": 3, "beta": 1, "orphan": 2} // orphan has articles but no state
	i := 0
	for src, n := range counts {
		for range n {
			mustSave(t, db, article(i, src), govwire.SaveCreated)
			i++
		}
	}
	got, err := db.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var summary []string
	for _, s := range got {
		summary = append(summary, fmt.Sprintf("%s:%d:%s", s.Name, s.Articles, s.URL))
	}
	want := []string{"alpha:3:https://alpha.example/", "beta:1:https://beta.example/", "idle:0:https://idle.example/", "orphan:2:"}
	if !reflect.DeepEqual(summary, want) {
		t.Errorf("sources = %v, want %v", summary, want)
	}
	st, err := db.SourceState(ctx, "alpha")
	if err != nil || st.Articles != 3 {
		t.Errorf("SourceState(alpha).Articles = %d, %v; want 3", st.Articles, err)
	}
}

func testLogFetchIsBounded(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{LogCap: 5})
	for i := range 12 {
		e := govwire.FetchLogEntry{Source: []string{"alpha", "beta"}[i%2], URL: fmt.Sprintf("https://x.example/%d", i),
			Kind: "page", Status: 200, Bytes: int64(i), Duration: time.Duration(i) * time.Millisecond, At: t0.Add(time.Duration(i) * time.Second)}
		if i == 11 {
			e.Status, e.Error, e.At = 0, "dial: refused", time.Time{}
		}
		if err := db.LogFetch(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	kept, err := db.FetchLog(ctx, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	if rows := len(kept); rows != 5 {
		t.Errorf("fetch log holds %d rows, want the last 5", rows)
	}
	for _, tc := range []struct {
		source string
		limit  int
		want   []int64 // Bytes of the entries, newest first
	}{
		{"", 10, []int64{11, 10, 9, 8, 7}},
		{"", 2, []int64{11, 10}},
		{"beta", 10, []int64{11, 9, 7}},
		{"nobody", 10, nil},
	} {
		t.Run(fmt.Sprintf("%s/%d", tc.source, tc.limit), func(t *testing.T) {
			got, err := db.FetchLog(ctx, tc.source, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			var bytes []int64
			for _, e := range got {
				bytes = append(bytes, e.Bytes)
			}
			if !reflect.DeepEqual(bytes, tc.want) {
				t.Errorf("entries %v, want %v", bytes, tc.want)
			}
		})
	}
	got, _ := db.FetchLog(ctx, "", 2)
	if got[0].Error != "dial: refused" || got[0].At.IsZero() || got[1].Duration != 10*time.Millisecond ||
		!got[1].At.Equal(t0.Add(10*time.Second)) || got[1].Kind != "page" {
		t.Errorf("entries did not round-trip: %+v", got)
	}
	if _, err := db.FetchLog(ctx, "", 0); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("limit 0: %v", err)
	}
}
