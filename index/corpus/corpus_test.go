package corpus

import (
	"reflect"
	"strings"
	"testing"

	"github.com/govwire/govwire"
)

func generate(seed uint64, n int) []*govwire.Article {
	g := New(Options{Seed: seed})
	out := make([]*govwire.Article, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

func TestDeterministic(t *testing.T) {
	a, b := generate(7, 300), generate(7, 300)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different corpora")
	}
	if c := generate(8, 300); reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave the same corpus")
	}
}

func TestPlausible(t *testing.T) {
	arts := generate(1, 2000)
	ids := map[string]bool{}
	labels := map[string]int{}
	copies, offTopic, words := 0, 0, 0
	for i, a := range arts {
		if ids[a.ID] {
			t.Fatalf("article %d repeats id %s", i, a.ID)
		}
		ids[a.ID] = true
		if a.ID != govwire.ArticleID(a.CanonicalURL) || a.Seq != int64(i+1) || a.Title == "" || a.Published.IsZero() {
			t.Fatalf("article %d malformed: %+v", i, a)
		}
		if strings.Contains(a.Title+a.Text, "{") {
			t.Fatalf("article %d has an unfilled slot: %q", i, a.Title)
		}
		if a.ClusterID != a.ID {
			copies++
			if !ids[a.ClusterID] {
				t.Fatalf("copy %s points at unknown cluster %s", a.ID, a.ClusterID)
			}
		}
		if !a.OnTopic {
			offTopic++
			if len(a.Labels) > 0 {
				t.Fatalf("off-topic article %d has labels %v", i, a.Labels)
			}
		}
		for _, l := range a.Labels {
			labels[l]++
		}
		words += len(strings.Fields(a.Text))
	}
	if f := float64(copies) / 2000; f < 0.08 || f > 0.22 {
		t.Errorf("copy rate %.2f, want about 0.15", f)
	}
	if f := float64(offTopic) / 2000; f < 0.08 || f > 0.22 {
		t.Errorf("off-topic rate %.2f, want about 0.15", f)
	}
	for _, l := range govwire.Labels {
		if labels[l] < 200 {
			t.Errorf("label %s on only %d articles", l, labels[l])
		}
	}
	if mean := words / 2000; mean < 300 || mean > 500 {
		t.Errorf("mean text length %d words, want about 400", mean)
	}
}

func TestCopiesShareFingerprint(t *testing.T) {
	g := New(Options{Seed: 3})
	for range 500 {
		a := g.Next()
		fp := g.Fingerprint(a.ID)
		if len(fp) != govwire.FingerprintSize {
			t.Fatalf("fingerprint of %s has %d hashes", a.ID, len(fp))
		}
		if sim := fp.Similarity(g.Fingerprint(a.ClusterID)); sim != 1 {
			t.Fatalf("copy %s and its original: similarity %v", a.ID, sim)
		}
	}
}
