package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/govwire/govwire"
)

func init() {
	register(
		test{"Clustering", testClustering},
		test{"ClusteringPicksBestAndFollowsRoot", testClusteringPicksBestAndFollowsRoot},
		test{"ClusteringOnUpdate", testClusteringOnUpdate},
		test{"ClusteringTieToEarliest", testClusteringTieToEarliest},
		test{"ClusterSizes", testClusterSizes},
	)
}

func testClustering(t *testing.T, open Opener) {
	base := fingerprint(7_000_000)
	for _, tc := range []struct {
		name      string
		fp        govwire.Fingerprint
		hash      string // "" keeps a hash of its own
		wantJoins bool
	}{
		{"identical fingerprint", base, "", true},
		{"mostly equal (0.75)", variant(base, 16, 1), "", true},
		{"just above threshold (13/64), shares bands", variant(base, 51, 2), "", true},
		{"just below threshold (12/64), shares bands", variant(base, 52, 3), "", false},
		{"entirely different", fingerprint(9_000_000), "", false},
		{"exact re-post, different fingerprint", fingerprint(9_500_000), "hash-root", true},
		{"no fingerprint", nil, "", false},
		{"short fingerprint", base[:10], "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := open(t, Options{})
			root := article(1, "alpha")
			root.Fingerprint, root.ContentHash = base, "hash-root"
			mustSave(t, db, root, govwire.SaveCreated)
			other := article(2, "beta")
			other.Fingerprint = tc.fp
			if tc.hash != "" {
				other.ContentHash = tc.hash
			}
			mustSave(t, db, other, govwire.SaveCreated)
			want := other.ID
			if tc.wantJoins {
				want = root.ID
			}
			if other.ClusterID != want {
				t.Errorf("cluster = %s, want %s (similarity %.3f)", other.ClusterID, want, base.Similarity(tc.fp))
			}
			stored, err := db.Article(context.Background(), other.ID)
			if err != nil || stored.ClusterID != want {
				t.Errorf("stored cluster = %v, %v; want %s", stored, err, want)
			}
		})
	}
}

func testClusteringPicksBestAndFollowsRoot(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{})
	base := fingerprint(1_000_000)
	a := article(1, "alpha")
	a.Fingerprint = base
	mustSave(t, db, a, govwire.SaveCreated)
	b := article(2, "beta") // shares the first 12 hashes with a: 0.1875, a story of its own
	b.Fingerprint = variant(base, 52, 1)
	mustSave(t, db, b, govwire.SaveCreated)
	if b.ClusterID != b.ID {
		t.Fatalf("b joined %s", b.ClusterID)
	}
	// c reaches the threshold with the earlier a (0.5) but is closer to b
	// (0.6875): it joins b.
	c := article(3, "gamma")
	c.Fingerprint = append(append(govwire.Fingerprint(nil), base[:32]...), b.Fingerprint[32:]...)
	mustSave(t, db, c, govwire.SaveCreated)
	if c.ClusterID != b.ID {
		t.Errorf("c joined %s, want the closer b %s (sim a %.3f, b %.3f)", c.ClusterID, b.ID,
			base.Similarity(c.Fingerprint), b.Fingerprint.Similarity(c.Fingerprint))
	}
	// d copies c exactly: it joins c's cluster, which is b's, not c's own id.
	d := article(4, "delta")
	d.Fingerprint = c.Fingerprint
	mustSave(t, db, d, govwire.SaveCreated)
	if d.ClusterID != b.ID {
		t.Errorf("d joined %s, want the root %s", d.ClusterID, b.ID)
	}
	members, err := db.ClusterMembers(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range members {
		ids = append(ids, m.ID)
	}
	if fmt.Sprint(ids) != fmt.Sprint([]string{b.ID, c.ID, d.ID}) {
		t.Errorf("members = %v, want b, c, d earliest first", ids)
	}
	if _, err := db.ClusterMembers(ctx, ""); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("empty cluster id: %v", err)
	}
}

// testClusteringTieToEarliest: an article as close to two stored stories
// joins the one fetched first, whichever was saved first.
func testClusteringTieToEarliest(t *testing.T, open Opener) {
	db := open(t, Options{})
	later := article(2, "beta") // fetched a minute after early, saved before it
	later.Fingerprint = fingerprint(2_000_000)
	mustSave(t, db, later, govwire.SaveCreated)
	early := article(1, "alpha")
	early.Fingerprint = fingerprint(1_000_000)
	mustSave(t, db, early, govwire.SaveCreated)
	if early.ClusterID != early.ID || later.ClusterID != later.ID {
		t.Fatalf("the two stories share a cluster: %s, %s", early.ClusterID, later.ClusterID)
	}
	// Half of each: similarity 0.5 with both.
	both := article(3, "gamma")
	both.Fingerprint = append(append(govwire.Fingerprint(nil), later.Fingerprint[:32]...), early.Fingerprint[32:]...)
	mustSave(t, db, both, govwire.SaveCreated)
	if both.ClusterID != early.ID {
		t.Errorf("joined %s, want the earlier fetched %s (similarities %.3f, %.3f)", both.ClusterID, early.ID,
			early.Fingerprint.Similarity(both.Fingerprint), later.Fingerprint.Similarity(both.Fingerprint))
	}
}

func testClusteringOnUpdate(t *testing.T, open Opener) {
	db := open(t, Options{})
	a := article(1, "alpha")
	mustSave(t, db, a, govwire.SaveCreated)
	b := article(2, "beta") // its own story at first
	mustSave(t, db, b, govwire.SaveCreated)
	if b.ClusterID != b.ID {
		t.Fatalf("b starts in %s", b.ClusterID)
	}
	// b is rewritten into a copy of a: it moves into a's cluster.
	b2 := article(2, "beta")
	b2.ContentHash, b2.Fingerprint = "hash-b2", a.Fingerprint
	mustSave(t, db, b2, govwire.SaveUpdated)
	if b2.ClusterID != a.ID {
		t.Errorf("updated b in %s, want %s", b2.ClusterID, a.ID)
	}
	// Its old bands are gone: a story matching b's first text stays alone.
	c := article(3, "gamma")
	c.Fingerprint = article(2, "beta").Fingerprint
	mustSave(t, db, c, govwire.SaveCreated)
	if c.ClusterID != c.ID {
		t.Errorf("c joined %s through stale bands", c.ClusterID)
	}
	// a, the root of a cluster with members, keeps its cluster when edited.
	a2 := article(1, "alpha")
	a2.ContentHash, a2.Fingerprint = "hash-a2", c.Fingerprint
	mustSave(t, db, a2, govwire.SaveUpdated)
	if a2.ClusterID != a.ID {
		t.Errorf("root a moved to %s, orphaning its members", a2.ClusterID)
	}
}

func testClusterSizes(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{})
	for i := range 8 {
		a := article(i, "wire")
		if i > 0 && i < 5 {
			a.ContentHash = "hash-0" // exact re-posts of article 0
		}
		mustSave(t, db, a, govwire.SaveCreated)
	}
	want := map[string]int{}
	err := db.ScanArticles(ctx, govwire.ArticleFilter{}, func(a *govwire.Article) error { want[a.ClusterID]++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.ClusterSizes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 || got[govwire.ArticleID(article(0, "wire").CanonicalURL)] != 5 {
		t.Errorf("cluster sizes %v: want 4 clusters, article 0's of size 5", got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("cluster %s: %d, want %d", k, got[k], v)
		}
	}
}
