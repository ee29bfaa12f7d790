package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

func init() {
	register(
		test{"SaveArticleRoundTrip", testSaveArticleRoundTrip},
		test{"SaveArticleEmptyParts", testSaveArticleEmptyParts},
		test{"SaveArticleTransitions", testSaveArticleTransitions},
		test{"SaveArticleInvalid", testSaveArticleInvalid},
		test{"ArticleNotFound", testArticleNotFound},
		test{"SeenURL", testSeenURL},
		test{"SaveClassification", testSaveClassification},
		test{"ChangesSince", testChangesSince},
	)
}

func testSaveArticleRoundTrip(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{})
	a := article(2, "alpha") // two labels, every field set
	a.Labels = []string{govwire.LabelProtest, govwire.LabelBid, govwire.LabelProtest}
	mustSave(t, db, a, govwire.SaveCreated)
	if a.ID != govwire.ArticleID(a.CanonicalURL) {
		t.Errorf("ID = %q, want ArticleID of the canonical url", a.ID)
	}
	if a.ClusterID != a.ID || a.Seq != 1 {
		t.Errorf("cluster %q seq %d, want own id and 1", a.ClusterID, a.Seq)
	}
	got, err := db.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := *a
	want.Labels = []string{govwire.LabelBid, govwire.LabelProtest} // sorted, deduplicated
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, &want)
	}
}

func testSaveArticleEmptyParts(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{})
	a := &govwire.Article{URL: "https://x.example/1", CanonicalURL: "https://x.example/1", Source: "x"}
	mustSave(t, db, a, govwire.SaveCreated)
	got, err := db.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Published.IsZero() || got.Fingerprint != nil || got.Labels != nil || got.Scores != nil || got.FinalURL != "" {
		t.Errorf("empty parts did not round-trip as empty: %+v", got)
	}
	if got.Fetched.IsZero() || !got.Fetched.Equal(a.Fetched) {
		t.Errorf("Fetched = %v, want the save time %v", got.Fetched, a.Fetched)
	}
}

func testSaveArticleTransitions(t *testing.T, open Opener) {
	ctx := context.Background()
	clock := &fakeClock{t: t0.Add(24 * time.Hour)}
	db := open(t, Options{Now: clock.now})
	a := article(1, "alpha")
	mustSave(t, db, a, govwire.SaveCreated)
	first := *a

	for _, tc := range []struct {
		name    string
		change  func(a *govwire.Article)
		want    govwire.SaveResult
		seqUp   bool
		updated bool // Updated moves to the clock
	}{
		{"same again", func(a *govwire.Article) {}, govwire.SaveUnchanged, false, false},
		{"new fetch time only", func(a *govwire.Article) { a.Fetched = t0.Add(99 * time.Hour) }, govwire.SaveUnchanged, false, false},
		{"labels duplicated", func(a *govwire.Article) {
			a.Labels = append(a.Labels, a.Labels...)
		}, govwire.SaveUnchanged, false, false},
		{"content changed", func(a *govwire.Article) {
			a.Text, a.ContentHash = "Rewritten.", "hash-new"
		}, govwire.SaveUpdated, true, true},
		{"classification changed", func(a *govwire.Article) {
			a.Text, a.ContentHash = "Rewritten.", "hash-new"
			a.Labels = []string{govwire.LabelAward, govwire.LabelProtest}
		}, govwire.SaveUpdated, true, false},
		{"scores changed", func(a *govwire.Article) {
			a.Text, a.ContentHash = "Rewritten.", "hash-new"
			a.Labels = []string{govwire.LabelAward, govwire.LabelProtest}
			a.Scores = map[string]float64{"on_topic": 0.99}
		}, govwire.SaveUpdated, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, err := db.Article(ctx, first.ID)
			if err != nil {
				t.Fatal(err)
			}
			clock.advance(time.Hour)
			b := article(1, "alpha")
			tc.change(b)
			mustSave(t, db, b, tc.want)
			after, err := db.Article(ctx, first.ID)
			if err != nil {
				t.Fatal(err)
			}
			if b.ID != first.ID || !b.Fetched.Equal(first.Fetched) || !after.Fetched.Equal(first.Fetched) {
				t.Errorf("id %s fetched %v (stored %v), want %s and the first fetch %v", b.ID, b.Fetched, after.Fetched, first.ID, first.Fetched)
			}
			if (after.Seq > before.Seq) != tc.seqUp || b.Seq != after.Seq {
				t.Errorf("seq %d -> %d (returned %d), want increase=%v", before.Seq, after.Seq, b.Seq, tc.seqUp)
			}
			wantUpdated := before.Updated
			if tc.updated {
				wantUpdated = clock.now()
			}
			if !after.Updated.Equal(wantUpdated) || !b.Updated.Equal(wantUpdated) {
				t.Errorf("updated = %v (returned %v), want %v", after.Updated, b.Updated, wantUpdated)
			}
			if after.ContentHash != b.ContentHash {
				t.Errorf("stored hash %q, want %q", after.ContentHash, b.ContentHash)
			}
		})
	}
}

func testSaveArticleInvalid(t *testing.T, open Opener) {
	db := open(t, Options{})
	for _, tc := range []struct {
		name string
		a    *govwire.Article
	}{
		{"nil", nil},
		{"no canonical url", &govwire.Article{URL: "https://x.example/1"}},
		{"unencodable score", &govwire.Article{CanonicalURL: "https://x.example/2",
			Classification: govwire.Classification{Scores: map[string]float64{"x": nan()}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.SaveArticle(context.Background(), tc.a)
			if err == nil {
				t.Fatal("no error")
			}
		})
	}
	if n, _ := db.CountArticles(context.Background(), govwire.ArticleFilter{}); n != 0 {
		t.Errorf("%d articles stored by invalid saves", n)
	}
	a := article(1, "alpha")
	mustSave(t, db, a, govwire.SaveCreated)
	clash := article(2, "alpha")
	clash.ID = a.ID
	if _, err := db.SaveArticle(context.Background(), clash); govwire.ErrorCode(err) != govwire.ECONFLICT {
		t.Errorf("id clash: err = %v, want conflict", err)
	}
	if n, _ := db.CountArticles(context.Background(), govwire.ArticleFilter{}); n != 1 {
		t.Errorf("%d articles stored by invalid saves", n)
	}
}

func nan() float64 { var z float64; return z / z }

func testArticleNotFound(t *testing.T, open Opener) {
	db := open(t, Options{})
	_, err := db.Article(context.Background(), "0123456789abcdef")
	if govwire.ErrorCode(err) != govwire.ENOTFOUND {
		t.Errorf("err = %v, want not_found", err)
	}
}

func testSeenURL(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{})
	a := article(1, "alpha")
	mustSave(t, db, a, govwire.SaveCreated)
	for _, tc := range []struct {
		url    string
		wantOK bool
	}{
		{a.URL, true},
		{a.CanonicalURL, true},
		{a.FinalURL, true},
		{"https://alpha.example/news/2", false},
		{a.CanonicalURL + "#x", false},
	} {
		t.Run(tc.url, func(t *testing.T) {
			id, ok, err := db.SeenURL(ctx, tc.url)
			if err != nil {
				t.Fatal(err)
			}
			if ok != tc.wantOK || (ok && id != a.ID) {
				t.Errorf("SeenURL = %q, %v; want %v (id %s)", id, ok, tc.wantOK, a.ID)
			}
		})
	}
	if _, _, err := db.SeenURL(ctx, ""); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("empty url: err = %v, want invalid", err)
	}
}

func testSaveClassification(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{})
	a := article(1, "alpha") // label award
	mustSave(t, db, a, govwire.SaveCreated)
	newClass := govwire.Classification{OnTopic: true, Labels: []string{govwire.LabelProtest}, Ruleset: "rs2"}
	for _, tc := range []struct {
		name        string
		id          string
		c           govwire.Classification
		wantChanged bool
		wantCode    string
	}{
		{"same as stored", a.ID, a.Classification, false, ""},
		{"new rules", a.ID, newClass, true, ""},
		{"again", a.ID, newClass, false, ""},
		{"unknown id", "ffffffffffffffff", newClass, false, govwire.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := db.LastSeq(ctx)
			changed, err := db.SaveClassification(ctx, tc.id, tc.c)
			if govwire.ErrorCode(err) != tc.wantCode {
				t.Fatalf("err = %v, want code %q", err, tc.wantCode)
			}
			if changed != tc.wantChanged {
				t.Errorf("changed = %v, want %v", changed, tc.wantChanged)
			}
			after, _ := db.LastSeq(ctx)
			if (after > before) != tc.wantChanged {
				t.Errorf("last seq %d -> %d", before, after)
			}
		})
	}
	got, _ := db.Article(ctx, a.ID)
	if !reflect.DeepEqual(got.Classification, newClass) {
		t.Errorf("stored %+v, want %+v", got.Classification, newClass)
	}
	for label, want := range map[string]int{govwire.LabelProtest: 1, govwire.LabelAward: 0} {
		n, err := db.CountArticles(ctx, govwire.ArticleFilter{Labels: []string{label}})
		if err != nil || n != want {
			t.Errorf("label %s: %d, %v; want %d", label, n, err, want)
		}
	}
}

func testChangesSince(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{})
	if seq, err := db.LastSeq(ctx); err != nil || seq != 0 {
		t.Fatalf("empty store: last seq %d, %v", seq, err)
	}
	var arts []*govwire.Article
	for i := range 5 {
		a := article(i, "alpha")
		mustSave(t, db, a, govwire.SaveCreated)
		arts = append(arts, a)
	}
	// Reclassifying the first article moves it to the end of the sequence.
	if _, err := db.SaveClassification(ctx, arts[0].ID, govwire.Classification{Ruleset: "rs9"}); err != nil {
		t.Fatal(err)
	}
	order := []string{arts[1].ID, arts[2].ID, arts[3].ID, arts[4].ID, arts[0].ID}
	for _, tc := range []struct {
		name  string
		seq   int64
		limit int
		want  []string
	}{
		{"all", 0, 100, order},
		{"limited", 0, 2, order[:2]},
		{"after 3", 3, 100, order[2:]},
		{"caught up", 6, 100, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := db.ChangesSince(ctx, tc.seq, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for i, a := range got {
				ids = append(ids, a.ID)
				if a.Seq <= tc.seq || (i > 0 && a.Seq <= got[i-1].Seq) || a.Text == "" {
					t.Errorf("bad change %d: seq %d text %q", i, a.Seq, a.Text)
				}
			}
			if !reflect.DeepEqual(ids, tc.want) {
				t.Errorf("ids = %v, want %v", ids, tc.want)
			}
		})
	}
	if seq, _ := db.LastSeq(ctx); seq != 6 {
		t.Errorf("last seq = %d, want 6", seq)
	}
	if _, err := db.ChangesSince(ctx, 0, 0); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("limit 0: err = %v, want invalid", err)
	}
}
