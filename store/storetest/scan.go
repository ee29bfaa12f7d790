package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

func init() {
	register(
		test{"ScanArticlesFilters", testScanArticlesFilters},
		test{"ScanArticlesCallbackError", testScanArticlesCallbackError},
		test{"ScanArticlesWritesDuringScan", testScanArticlesWritesDuringScan},
	)
}

// testPageSize is the ScanArticles page size in tests: small, so that a few
// hundred rows span several pages.
const testPageSize = 50

// seedScan stores n articles over three sources, with shared fetch times,
// missing publication dates and near-duplicate pairs, and returns them as
// saved.
func seedScan(t testing.TB, db Store, n int) []*govwire.Article {
	t.Helper()
	sources := []string{"alpha", "beta", "gamma"}
	var all []*govwire.Article
	for i := range n {
		a := article(i, sources[i%3])
		a.Fetched = t0.Add(time.Duration(i/3) * time.Minute) // ties broken by id
		if i%11 == 0 {
			a.Published = time.Time{} // filtered by Fetched instead
		}
		if i%7 == 1 || i%7 == 2 {
			a.Fingerprint = all[i-1].Fingerprint // clusters of three: 7k and its two copies
		}
		all = append(all, a)
	}
	saveAll(t, db, all)
	return all
}

// expectScan is the reference answer: the articles of all matching f, by
// (Fetched, ID), computed in Go.
func expectScan(all []*govwire.Article, f govwire.ArticleFilter) []string {
	var keep []*govwire.Article
	for _, a := range all {
		if matches(a, f) {
			keep = append(keep, a)
		}
	}
	slices.SortFunc(keep, func(x, y *govwire.Article) int {
		if c := x.Fetched.Compare(y.Fetched); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	seen := map[string]bool{}
	var ids []string
	for _, a := range keep {
		if f.OnePerCluster && seen[a.ClusterID] {
			continue
		}
		seen[a.ClusterID] = true
		ids = append(ids, a.ID)
	}
	return ids
}

func matches(a *govwire.Article, f govwire.ArticleFilter) bool {
	dated := a.Published
	if dated.IsZero() {
		dated = a.Fetched
	}
	anyLabel := len(f.Labels) == 0
	for _, l := range f.Labels {
		anyLabel = anyLabel || a.HasLabel(l)
	}
	return (len(f.IDs) == 0 || slices.Contains(f.IDs, a.ID)) &&
		(len(f.Sources) == 0 || slices.Contains(f.Sources, a.Source)) && anyLabel &&
		(f.Since.IsZero() || !dated.Before(f.Since)) && (f.Until.IsZero() || dated.Before(f.Until)) &&
		(f.FetchedSince.IsZero() || !a.Fetched.Before(f.FetchedSince)) &&
		(f.FetchedUntil.IsZero() || a.Fetched.Before(f.FetchedUntil)) &&
		(!f.OnTopicOnly || a.OnTopic)
}

func testScanArticlesFilters(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{PageSize: testPageSize})
	all := seedScan(t, db, 2*testPageSize+37)
	var someIDs []string
	for i := 0; i < len(all); i += 2 {
		someIDs = append(someIDs, all[i].ID)
	}
	for _, tc := range []struct {
		name string
		f    govwire.ArticleFilter
	}{
		{"all", govwire.ArticleFilter{}},
		{"ids", govwire.ArticleFilter{IDs: someIDs}},
		{"one label", govwire.ArticleFilter{Labels: []string{govwire.LabelProtest}}},
		{"two labels", govwire.ArticleFilter{Labels: []string{govwire.LabelAward, govwire.LabelBid}}},
		{"sources", govwire.ArticleFilter{Sources: []string{"alpha", "gamma"}}},
		{"published window", govwire.ArticleFilter{Since: t0.Add(40 * time.Hour), Until: t0.Add(110 * time.Hour)}},
		{"since only", govwire.ArticleFilter{Since: t0.Add(120 * time.Hour)}},
		{"fetched window", govwire.ArticleFilter{FetchedSince: t0.Add(10 * time.Minute), FetchedUntil: t0.Add(30 * time.Minute)}},
		{"on topic", govwire.ArticleFilter{OnTopicOnly: true}},
		{"one per cluster", govwire.ArticleFilter{OnePerCluster: true}},
		{"one per cluster among on-topic", govwire.ArticleFilter{OnePerCluster: true, OnTopicOnly: true}},
		{"combined", govwire.ArticleFilter{Sources: []string{"beta"}, Labels: []string{govwire.LabelAllegation},
			Until: t0.Add(100 * time.Hour), OnTopicOnly: true, NoText: true}},
		{"no text", govwire.ArticleFilter{NoText: true}},
		{"matches nothing", govwire.ArticleFilter{Sources: []string{"nobody"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := expectScan(all, tc.f)
			if (len(want) == 0) != (tc.name == "matches nothing") || (len(want) == len(all)) != (tc.name == "all" || tc.name == "no text") {
				t.Fatalf("filter selects %d of %d articles: the case tests nothing", len(want), len(all))
			}
			var got []string
			err := db.ScanArticles(ctx, tc.f, func(a *govwire.Article) error {
				got = append(got, a.ID)
				if (a.Text == "") != tc.f.NoText {
					return fmt.Errorf("article %s: text %d bytes with NoText=%v", a.ID, len(a.Text), tc.f.NoText)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("scan gave %d ids, want %d\n got %.200v\nwant %.200v", len(got), len(want), got, want)
			}
			n, err := db.CountArticles(ctx, tc.f)
			if err != nil || n != len(want) {
				t.Errorf("count = %d, %v; want %d", n, err, len(want))
			}
		})
	}
}

func testScanArticlesCallbackError(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{PageSize: testPageSize})
	seedScan(t, db, testPageSize+10)
	stop := errors.New("stop here")
	calls := 0
	err := db.ScanArticles(ctx, govwire.ArticleFilter{NoText: true}, func(*govwire.Article) error {
		calls++
		if calls == testPageSize+3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != testPageSize+3 {
		t.Errorf("err = %v after %d calls, want the callback's error after %d", err, calls, testPageSize+3)
	}
	if err := db.ScanArticles(ctx, govwire.ArticleFilter{}, nil); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("nil callback: %v", err)
	}
	if _, err := db.CountArticles(ctx, govwire.ArticleFilter{IDs: []string{""}}); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("empty id in filter: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := db.ScanArticles(cctx, govwire.ArticleFilter{}, func(*govwire.Article) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled scan: err = %v", err)
	}
}

// TestScanArticlesWritesDuringScan checks that fn may write to the store
// (reclassify does) and change the article it gets, and that the scan still
// visits each article once.
func testScanArticlesWritesDuringScan(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{PageSize: testPageSize})
	all := seedScan(t, db, testPageSize+50)
	seen := map[string]int{}
	err := db.ScanArticles(ctx, govwire.ArticleFilter{NoText: true}, func(a *govwire.Article) error {
		seen[a.ID]++
		_, err := db.SaveClassification(ctx, a.ID, govwire.Classification{Ruleset: "rs-new"})
		a.ID, a.Fetched = "", time.Time{} // the article is the caller's to change
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != len(all) {
		t.Errorf("visited %d articles, want %d", len(seen), len(all))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("article %s visited %d times", id, n)
		}
	}
}
