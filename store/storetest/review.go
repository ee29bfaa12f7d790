package storetest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

func init() {
	register(
		test{"ReviewBecomesEffective", testReviewBecomesEffective},
		test{"ReviewRejectedWritesNothing", testReviewRejectedWritesNothing},
		test{"ReviewOffTopicDropsLabels", testReviewOffTopicDropsLabels},
		test{"ReclassifyAndRefetchKeepReview", testReclassifyAndRefetchKeepReview},
		test{"ReviewHistory", testReviewHistory},
		test{"ConcurrentReviews", testConcurrentReviews},
	)
}

// openClocked opens a store whose clock starts at t0.
func openClocked(t *testing.T, open Opener) (Store, *fakeClock) {
	clk := &fakeClock{t: t0}
	return open(t, Options{Now: clk.now}), clk
}

// idsWith returns the ids ScanArticles yields for f, sorted.
func idsWith(t *testing.T, db Store, f govwire.ArticleFilter) []string {
	t.Helper()
	var ids []string
	err := db.ScanArticles(context.Background(), f, func(a *govwire.Article) error {
		ids = append(ids, a.ID)
		return nil
	})
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	slices.Sort(ids)
	return ids
}

func mustReview(t *testing.T, db Store, id string, r govwire.Review) govwire.Review {
	t.Helper()
	got, err := db.SaveReview(context.Background(), id, r)
	if err != nil {
		t.Fatalf("save review of %s: %v", id, err)
	}
	return got
}

func testReviewBecomesEffective(t *testing.T, open Opener) {
	ctx := context.Background()
	db, _ := openClocked(t, open)
	a := article(1, "ledger") // off topic by the rules (odd), labelled award
	mustSave(t, db, a, govwire.SaveCreated)
	before := a.Seq

	got := mustReview(t, db, a.ID, govwire.Review{OnTopic: true, Labels: []string{"protest", "bid", "protest"},
		Note: "court filing", Reviewer: "ana"})
	want := govwire.Review{ArticleID: a.ID, OnTopic: true, Labels: []string{"bid", "protest"}, Note: "court filing",
		Reviewer: "ana", At: t0, Ruleset: "rs1"}
	if !got.Same(want) || got.Ruleset != want.Ruleset {
		t.Fatalf("stored review = %+v, want %+v", got, want)
	}
	st, err := db.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Review == nil || !st.Review.Same(want) {
		t.Fatalf("article review = %+v, want %+v", st.Review, want)
	}
	if st.Seq <= before {
		t.Errorf("seq %d did not move past %d", st.Seq, before)
	}
	if !slices.Equal(st.Labels, []string{"award"}) || st.OnTopic {
		t.Errorf("rules' classification changed: %v %v", st.OnTopic, st.Labels)
	}
	if st.LabelSource() != govwire.LabelSourceReview || !slices.Equal(st.EffectiveLabels(), want.Labels) {
		t.Errorf("effective = %v from %s", st.EffectiveLabels(), st.LabelSource())
	}
	changes, err := db.ChangesSince(ctx, before, 10)
	if err != nil || len(changes) != 1 || changes[0].Review == nil {
		t.Fatalf("changes since %d = %v, %v; want the reviewed article with its review", before, changes, err)
	}
	for _, tc := range []struct {
		name string
		f    govwire.ArticleFilter
		want []string
	}{
		{"review label", govwire.ArticleFilter{Labels: []string{"protest"}}, []string{a.ID}},
		{"rules label gone", govwire.ArticleFilter{Labels: []string{"award"}}, nil},
		{"on topic by review", govwire.ArticleFilter{OnTopicOnly: true}, []string{a.ID}},
		{"reviewed only", govwire.ArticleFilter{ReviewedOnly: true}, []string{a.ID}},
		{"one per cluster on topic", govwire.ArticleFilter{OnTopicOnly: true, OnePerCluster: true}, []string{a.ID}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := idsWith(t, db, tc.f); !slices.Equal(got, tc.want) {
				t.Errorf("ids = %v, want %v", got, tc.want)
			}
		})
	}
	if n, err := db.CountReviewed(ctx); err != nil || n != 1 {
		t.Errorf("count reviewed = %d, %v; want 1", n, err)
	}
}

func testReviewRejectedWritesNothing(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{})
	a := article(2, "ledger")
	mustSave(t, db, a, govwire.SaveCreated)
	if _, err := db.SaveReview(ctx, a.ID, govwire.Review{OnTopic: true, Labels: []string{"awards"}}); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("unknown label: err = %v, want invalid", err)
	}
	if _, err := db.SaveReview(ctx, "0123456789abcdef", govwire.Review{OnTopic: true}); govwire.ErrorCode(err) != govwire.ENOTFOUND {
		t.Errorf("unknown article: err = %v, want not found", err)
	}
	n := 0
	if err := db.ScanReviews(ctx, func(govwire.Review) error { n++; return nil }); err != nil || n != 0 {
		t.Errorf("reviews stored = %d, %v; want none", n, err)
	}
	if seq, _ := db.LastSeq(ctx); seq != a.Seq {
		t.Errorf("seq moved to %d from %d", seq, a.Seq)
	}
}

func testReviewOffTopicDropsLabels(t *testing.T, open Opener) {
	db := open(t, Options{})
	a := article(2, "ledger") // on topic, bid and protest
	mustSave(t, db, a, govwire.SaveCreated)
	got := mustReview(t, db, a.ID, govwire.Review{OnTopic: false, Labels: []string{"bid"}, Reviewer: "ana"})
	if len(got.Labels) != 0 || got.Labels == nil {
		t.Errorf("labels = %#v, want empty", got.Labels)
	}
	if ids := idsWith(t, db, govwire.ArticleFilter{OnTopicOnly: true}); len(ids) != 0 {
		t.Errorf("on-topic ids = %v, want none", ids)
	}
	if ids := idsWith(t, db, govwire.ArticleFilter{Labels: []string{"bid", "protest"}}); len(ids) != 0 {
		t.Errorf("labelled ids = %v, want none", ids)
	}
}

func testReclassifyAndRefetchKeepReview(t *testing.T, open Opener) {
	ctx := context.Background()
	db, clk := openClocked(t, open)
	reviewed, plain := article(1, "ledger"), article(6, "ledger") // both award by the rules
	mustSave(t, db, reviewed, govwire.SaveCreated)
	mustSave(t, db, plain, govwire.SaveCreated)
	mustReview(t, db, reviewed.ID, govwire.Review{OnTopic: true, Labels: []string{"award"}, Reviewer: "ana"})

	newRules := govwire.Classification{OnTopic: true, Labels: []string{"allegation"}, Ruleset: "rs2"}
	for _, id := range []string{reviewed.ID, plain.ID} {
		if changed, err := db.SaveClassification(ctx, id, newRules); err != nil || !changed {
			t.Fatalf("reclassify %s: %v, %v", id, changed, err)
		}
	}
	if got := idsWith(t, db, govwire.ArticleFilter{Labels: []string{"award"}}); !slices.Equal(got, []string{reviewed.ID}) {
		t.Errorf("award ids after reclassify = %v, want only the reviewed %s", got, reviewed.ID)
	}
	if got := idsWith(t, db, govwire.ArticleFilter{Labels: []string{"allegation"}}); !slices.Equal(got, []string{plain.ID}) {
		t.Errorf("allegation ids after reclassify = %v, want only the unreviewed %s", got, plain.ID)
	}
	st, err := db.Article(ctx, reviewed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Ruleset != "rs2" || !slices.Equal(st.Labels, []string{"allegation"}) {
		t.Errorf("rules' classification = %s %v, want rs2 [allegation]", st.Ruleset, st.Labels)
	}
	if !slices.Equal(st.EffectiveLabels(), []string{"award"}) {
		t.Errorf("effective labels = %v, want [award]", st.EffectiveLabels())
	}

	clk.advance(time.Hour) // a re-fetch with new content
	again := article(1, "ledger")
	again.Text += " Updated."
	again.ContentHash = "hash-1b"
	mustSave(t, db, again, govwire.SaveUpdated)
	st, err = db.Article(ctx, reviewed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Review == nil || !slices.Equal(st.EffectiveLabels(), []string{"award"}) {
		t.Errorf("after re-fetch: review %+v, effective %v", st.Review, st.EffectiveLabels())
	}
	if got := idsWith(t, db, govwire.ArticleFilter{Labels: []string{"award"}}); !slices.Equal(got, []string{reviewed.ID}) {
		t.Errorf("award ids after re-fetch = %v", got)
	}
}

func testReviewHistory(t *testing.T, open Opener) {
	ctx := context.Background()
	db, clk := openClocked(t, open)
	a := article(3, "ledger")
	mustSave(t, db, a, govwire.SaveCreated)
	mustReview(t, db, a.ID, govwire.Review{OnTopic: true, Labels: []string{"protest"}, Reviewer: "ana"})
	clk.advance(time.Minute)
	mustReview(t, db, a.ID, govwire.Review{OnTopic: true, Labels: []string{"award"}, Reviewer: "ben"})
	// An imported review made earlier joins the history without superseding.
	mustReview(t, db, a.ID, govwire.Review{OnTopic: false, Reviewer: "old", At: t0.Add(-time.Hour)})

	hist, err := db.Reviews(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var who []string
	for _, r := range hist {
		who = append(who, r.Reviewer)
	}
	if !slices.Equal(who, []string{"old", "ana", "ben"}) {
		t.Fatalf("history = %v, want old, ana, ben", who)
	}
	st, err := db.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Review == nil || st.Review.Reviewer != "ben" || !slices.Equal(st.EffectiveLabels(), []string{"award"}) {
		t.Errorf("effective review = %+v, want ben's award", st.Review)
	}
	if got, err := db.Reviews(ctx, article(4, "x").ID); err != nil || got == nil || len(got) != 0 {
		t.Errorf("reviews of an unreviewed article = %#v, %v; want empty", got, err)
	}
}

// testConcurrentReviews saves many reviews of one article at once: every one
// is in the history, and the article shows the last one saved.
func testConcurrentReviews(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{})
	a := article(4, "ledger")
	mustSave(t, db, a, govwire.SaveCreated)
	const n = 24
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := govwire.Labels[i%len(govwire.Labels)]
			_, err := db.SaveReview(ctx, a.ID, govwire.Review{OnTopic: true, Labels: []string{l},
				Reviewer: fmt.Sprintf("r%d", i)})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	hist, err := db.Reviews(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range hist {
		seen[r.Reviewer] = true
	}
	if len(hist) != n || len(seen) != n {
		t.Fatalf("history has %d reviews by %d reviewers, want %d each", len(hist), len(seen), n)
	}
	last := hist[len(hist)-1]
	st, err := db.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Review == nil || !st.Review.Same(last) {
		t.Fatalf("article review = %+v, want the last saved %+v", st.Review, last)
	}
	for _, l := range govwire.Labels {
		got := idsWith(t, db, govwire.ArticleFilter{Labels: []string{l}})
		if want := slices.Contains(last.Labels, l); want != (len(got) == 1) {
			t.Errorf("label %s: ids %v, last review's labels %v", l, got, last.Labels)
		}
	}
}
