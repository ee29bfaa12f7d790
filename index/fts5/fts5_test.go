package fts5

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index/corpus"
)

func TestFTSMatch(t *testing.T) {
	for _, tt := range []struct{ q, match, vendor string }{
		{"oracle protest", `"oracle" OR "protest"`, ""},
		{"+oracle +protest award", `"oracle" AND "protest"`, ""},
		{`"task order" JWCC`, `"task order" OR "JWCC"`, ""},
		{`title:award`, `title : "award"`, ""},
		{`vendors:"Amazon Web Services" cloud`, `"cloud"`, "Amazon Web Services"},
		{`a-b`, `"a b"`, ""},
		{`&&`, ``, ""},
	} {
		m, v := ftsMatch(tt.q)
		if m != tt.match || v != tt.vendor {
			t.Errorf("%q: %q %q, want %q %q", tt.q, m, v, tt.match, tt.vendor)
		}
	}
}

// TestSearch builds a small baseline and checks its totals against the
// articles: a phrase, a filter and a filter-only query.
func TestSearch(t *testing.T) {
	ctx := context.Background()
	g := corpus.New(corpus.Options{Seed: 3})
	var arts []*govwire.Article
	for range 300 {
		arts = append(arts, g.Next())
	}
	db, n, err := Build(ctx, filepath.Join(t.TempDir(), "fts5.db"), func(fn func(*govwire.Article) error) error {
		for _, a := range arts {
			if err := fn(a); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n != len(arts) {
		t.Fatalf("built %d, want %d", n, len(arts))
	}
	count := func(keep func(a *govwire.Article) bool) int {
		c := 0
		for _, a := range arts {
			if a.OnTopic && keep(a) {
				c++
			}
		}
		return c
	}
	hasLabel := func(a *govwire.Article, l string) bool {
		for _, x := range a.Labels {
			if x == l {
				return true
			}
		}
		return false
	}
	for _, tt := range []struct {
		qs   string
		want int
	}{
		{"label=protest&sort=date", count(func(a *govwire.Article) bool { return hasLabel(a, "protest") })},
		{"source=nextgov", count(func(a *govwire.Article) bool { return a.Source == "nextgov" })},
		{"q=&label=award&page=2", count(func(a *govwire.Article) bool { return hasLabel(a, "award") })},
	} {
		got, err := db.Search(ctx, tt.qs)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want || got == 0 {
			t.Errorf("%s: total %d, want %d (> 0)", tt.qs, got, tt.want)
		}
	}
	if _, err := db.Search(ctx, `q="bid protest"&vendor=Oracle&since=2025-03-01&until=2025-12-31`); err != nil {
		t.Fatal(err)
	}
}
