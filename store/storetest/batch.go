package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

func init() {
	register(
		test{"SaveArticlesSameAsOneByOne", testSaveArticlesSameAsOneByOne},
		test{"SaveArticlesRollsBack", testSaveArticlesRollsBack},
		test{"SaveArticlesConcurrent", testSaveArticlesConcurrent},
	)
}

// tickingClock returns a clock that moves one millisecond at every call,
// so two stores agree on every time only if they read the clock at the
// same steps.
func tickingClock() func() time.Time {
	var mu sync.Mutex
	now := t0.Add(48 * time.Hour)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(time.Millisecond)
		return now
	}
}

// batchScript is the sequence of saves the batch tests replay: the first
// part is stored before any batch; the rest covers what a save can do to an
// article saved earlier in the same batch.
func batchScript() (seed, rest []*govwire.Article) {
	base := fingerprint(3_000_000)
	seed = []*govwire.Article{article(1, "alpha"), article(2, "alpha"), article(3, "beta")}
	seed[0].Fingerprint = base // the root of a story others copy
	seed[2].Via = govwire.ViaWARC
	seed[2].Provenance = &govwire.Provenance{File: "a.warc.gz", RecordID: "<urn:uuid:3>", Offset: 7}

	near := article(10, "gamma") // a near copy of the stored root
	near.Fingerprint = variant(base, 20, 1)
	fresh := article(11, "gamma") // a new story, copied twice later in the batch
	fresh.Fingerprint = fingerprint(4_000_000)
	fresh.Fetched = time.Time{} // fetched now: the store's clock
	copyNear := article(12, "delta")
	copyNear.Fingerprint = variant(fresh.Fingerprint, 10, 2)
	copyExact := article(13, "delta")
	copyExact.ContentHash = fresh.ContentHash // an exact re-post, other fingerprint
	copyExact.Fingerprint = fingerprint(5_000_000)
	freshAgain := article(11, "gamma") // unchanged: same text and classification
	freshAgain.Fingerprint = fresh.Fingerprint
	freshEdited := article(11, "gamma") // its content changes: it keeps its cluster (members joined it)
	freshEdited.Text, freshEdited.ContentHash = "Rewritten story.", "hash-11b"
	freshEdited.Fingerprint = fingerprint(6_000_000)
	reclassified := article(2, "alpha") // a stored article, new labels only
	reclassified.Labels = []string{govwire.LabelAward, govwire.LabelBid}
	warcUpdate := article(3, "beta") // keeps the WARC provenance it was first stored with
	warcUpdate.Text, warcUpdate.ContentHash = "New text.", "hash-3b"
	lone := article(14, "epsilon")
	lone.Fingerprint = nil
	lone.Via = govwire.ViaImport
	reviewed := article(1, "alpha") // the reviewed root changes: its review labels stay
	reviewed.Text, reviewed.ContentHash = "Edited root.", "hash-1b"
	reviewed.Fingerprint = base
	rest = []*govwire.Article{near, fresh, copyNear, copyExact, freshAgain, freshEdited, reclassified,
		warcUpdate, lone, reviewed}
	return seed, rest
}

// cloneArticles deep-copies what a save reads or changes, so two stores get
// equal inputs.
func cloneArticles(arts []*govwire.Article) []*govwire.Article {
	out := make([]*govwire.Article, len(arts))
	for i, a := range arts {
		b := *a
		b.Fingerprint = append(govwire.Fingerprint(nil), a.Fingerprint...)
		if a.Fingerprint == nil {
			b.Fingerprint = nil
		}
		b.Labels = append([]string(nil), a.Labels...)
		if a.Provenance != nil {
			p := *a.Provenance
			b.Provenance = &p
		}
		out[i] = &b
	}
	return out
}

// storeState is everything a save can change, read back for comparison.
type storeState struct {
	articles []*govwire.Article // by Fetched, then ID
	changes  []string           // id@seq in change order
	clusters map[string]int
	labels   map[string]int
	lastSeq  int64
}

func readState(t *testing.T, db Store) storeState {
	t.Helper()
	ctx := context.Background()
	var st storeState
	err := db.ScanArticles(ctx, govwire.ArticleFilter{}, func(a *govwire.Article) error {
		st.articles = append(st.articles, a)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	changes, err := db.ChangesSince(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range changes {
		st.changes = append(st.changes, fmt.Sprintf("%s@%d", a.ID, a.Seq))
	}
	if st.clusters, err = db.ClusterSizes(ctx); err != nil {
		t.Fatal(err)
	}
	st.labels = map[string]int{}
	for _, l := range govwire.Labels {
		if st.labels[l], err = db.CountArticles(ctx, govwire.ArticleFilter{Labels: []string{l}}); err != nil {
			t.Fatal(err)
		}
	}
	if st.lastSeq, err = db.LastSeq(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}

// seedStore saves the script's first part one by one and reviews its root.
func seedStore(t *testing.T, db Store, seed []*govwire.Article) {
	t.Helper()
	saveAll(t, db, cloneArticles(seed))
	r := govwire.Review{OnTopic: true, Labels: []string{govwire.LabelProtest}, Reviewer: "ann", At: t0}
	if _, err := db.SaveReview(context.Background(), govwire.ArticleID(seed[0].CanonicalURL), r); err != nil {
		t.Fatal(err)
	}
}

// returned is what a save hands back in the article.
func returned(a *govwire.Article) string {
	return fmt.Sprintf("id=%s cluster=%s fetched=%v updated=%v seq=%d via=%s prov=%+v", a.ID, a.ClusterID,
		a.Fetched.UnixNano(), a.Updated.UnixNano(), a.Seq, a.Via, a.Provenance)
}

// testSaveArticlesSameAsOneByOne: saving the script in batches leaves the
// same rows, clusters, labels and sequence as saving it one article at a
// time, and hands back the same results and fields.
func testSaveArticlesSameAsOneByOne(t *testing.T, open Opener) {
	ctx := context.Background()
	seed, rest := batchScript()
	one := open(t, Options{Now: tickingClock(), PageSize: 4})
	seedStore(t, one, seed)
	singles := cloneArticles(rest)
	var want []govwire.SaveResult
	for _, a := range singles {
		r, err := one.SaveArticle(ctx, a)
		if err != nil {
			t.Fatalf("save %s: %v", a.CanonicalURL, err)
		}
		want = append(want, r)
	}
	// The script does what it says: copies join, the edit and the re-save
	// see the article saved earlier in the batch.
	fresh := singles[1]
	if fmt.Sprint(want) != "[created created created created unchanged updated updated updated created updated]" ||
		singles[0].ClusterID != govwire.ArticleID(seed[0].CanonicalURL) || singles[2].ClusterID != fresh.ID ||
		singles[3].ClusterID != fresh.ID || singles[5].ClusterID != fresh.ID {
		t.Fatalf("the script no longer exercises the batch: results %v", want)
	}

	for _, split := range []int{len(rest), 4} { // one batch; a batch then another
		t.Run(fmt.Sprintf("batch of %d", split), func(t *testing.T) {
			db := open(t, Options{Now: tickingClock(), PageSize: 4})
			seedStore(t, db, seed)
			batch := cloneArticles(rest)
			var got []govwire.SaveResult
			for start := 0; start < len(batch); start += split {
				part := batch[start:min(start+split, len(batch))]
				res, err := db.SaveArticles(ctx, part)
				if err != nil {
					t.Fatal(err)
				}
				if len(res) != len(part) {
					t.Fatalf("%d results for %d articles", len(res), len(part))
				}
				got = append(got, res...)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("results %v, one by one %v", got, want)
			}
			for i := range batch {
				if g, w := returned(batch[i]), returned(singles[i]); g != w {
					t.Errorf("article %d handed back\n%s\none by one\n%s", i, g, w)
				}
			}
			if g, w := readState(t, db), readState(t, one); !reflect.DeepEqual(g, w) {
				t.Errorf("stores differ:\nbatch      %+v\none by one %+v", g, w)
			}
		})
	}
	if res, err := one.SaveArticles(ctx, nil); err != nil || len(res) != 0 {
		t.Errorf("empty batch: %v, %v", res, err)
	}
}

// testSaveArticlesRollsBack: an article that fails in the middle of a
// batch rolls the whole batch back; the stored articles, the sequence and
// the callers' articles are untouched, and the batch without it saves.
func testSaveArticlesRollsBack(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{Now: tickingClock()})
	seed, _ := batchScript()
	seedStore(t, db, seed)
	before := readState(t, db)

	mk := func() []*govwire.Article {
		a, b, c := article(20, "zeta"), article(21, "zeta"), article(22, "zeta")
		b.Fingerprint = a.Fingerprint // joins a, saved just before it
		update := article(2, "alpha")
		update.Text, update.ContentHash = "Changed.", "hash-2b"
		return []*govwire.Article{a, b, update, c}
	}
	for _, tc := range []struct {
		name string
		bad  func() *govwire.Article
		code string
	}{
		{"id taken by another url", func() *govwire.Article {
			a := article(23, "zeta")
			a.ID = govwire.ArticleID(seed[1].CanonicalURL)
			return a
		}, govwire.ECONFLICT},
		{"unknown via", func() *govwire.Article {
			a := article(23, "zeta")
			a.Via = "carrier-pigeon"
			return a
		}, govwire.EINVALID},
		{"no canonical url", func() *govwire.Article { return &govwire.Article{URL: "https://x.example/1"} }, govwire.EINVALID},
		{"nil", func() *govwire.Article { return nil }, govwire.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			arts := mk()
			arts = append(arts[:3], append([]*govwire.Article{tc.bad()}, arts[3:]...)...)
			want := cloneArticles(arts[:3])
			res, err := db.SaveArticles(ctx, arts)
			if govwire.ErrorCode(err) != tc.code || res != nil {
				t.Fatalf("results %v, err %v; want code %s", res, err, tc.code)
			}
			if !strings.Contains(err.Error(), "article 3") {
				t.Errorf("error %q does not name article 3", err)
			}
			if after := readState(t, db); !reflect.DeepEqual(after, before) {
				t.Errorf("store changed by a failed batch:\nbefore %+v\nafter  %+v", before, after)
			}
			for i := range want {
				if g, w := returned(arts[i]), returned(want[i]); g != w {
					t.Errorf("article %d changed by a failed batch: %s, was %s", i, g, w)
				}
			}
		})
	}
	arts := mk()
	res, err := db.SaveArticles(ctx, arts)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(res) != "[created created updated created]" || arts[1].ClusterID != arts[0].ID {
		t.Errorf("results %v, cluster of the copy %s (want %s)", res, arts[1].ClusterID, arts[0].ID)
	}
	for i, a := range arts {
		if a.Seq != before.lastSeq+int64(i)+1 {
			t.Errorf("article %d seq %d, want %d: the failed batches left a gap or a change", i, a.Seq, before.lastSeq+int64(i)+1)
		}
	}
}

// testSaveArticlesConcurrent: batches sharing canonical URLs, in different
// orders, and single saves of the same URLs run at once without a deadlock
// or a lost article, on a driver whose writers run concurrently too.
func testSaveArticlesConcurrent(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{})
	const urls, workers, rounds = 12, 4, 3
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds+urls)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(uint64(w), 7))
			for range rounds {
				arts := make([]*govwire.Article, urls)
				for i, k := range rnd.Perm(urls) {
					arts[i] = article(k, "shared")
				}
				if _, err := db.SaveArticles(ctx, arts); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for k := urls - 1; k >= 0; k-- {
			if _, err := db.SaveArticle(ctx, article(k, "shared")); err != nil {
				errs <- err
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	n, err := db.CountArticles(ctx, govwire.ArticleFilter{})
	if err != nil || n != urls {
		t.Errorf("%d articles, %v; want %d", n, err, urls)
	}
}
