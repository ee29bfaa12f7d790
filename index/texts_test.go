package index

import (
	"bytes"
	"context"
	"html"
	"log/slog"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/govwire/govwire"
)

// textQueries are searches whose hits carry snippets with matches.
var textQueries = []govwire.SearchQuery{
	{Q: "Oracle protest JWCC"}, {Q: `"cloud contract"`}, {Q: "award", Sort: SortDate}, {Q: "text:agency title:cloud"},
}

// TestSnippetsFromStoreText: an on-disk index over the real SQLite store
// keeps no article text (the stored document has no text field), and each
// hit's snippet is cut from the store's text: stripped of its markup it is
// a piece of that text, with the query's matches marked. Without a text
// source the same hits come back with empty snippets.
func TestSnippetsFromStoreText(t *testing.T) {
	ctx := context.Background()
	st := sqliteStore(t, fixtures(t))
	path := filepath.Join(t.TempDir(), "index.bleve")
	ix, err := OpenWith(path, Options{Texts: st})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.CatchUp(ctx, st); err != nil {
		t.Fatal(err)
	}
	if storesText(ix.bi) {
		t.Error("the mapping stores the text field")
	}
	results := map[string]*govwire.SearchResult{}
	marks := 0
	for _, q := range textQueries {
		res := mustSearch(t, ix, q)
		if len(res.Hits) == 0 {
			t.Fatalf("%q: no hits", q.Q)
		}
		results[q.Q] = res
		for _, h := range res.Hits {
			d, err := ix.bi.Document(h.ID)
			if err != nil {
				t.Fatal(err)
			}
			d.VisitFields(func(f bleveindex.Field) {
				if f.Name() == fieldText && f.Options().IsStored() {
					t.Errorf("%s: the index stores its text", h.ID)
				}
			})
			a, err := st.Article(ctx, h.ID)
			if err != nil {
				t.Fatal(err)
			}
			marks += strings.Count(h.Snippet, "<mark>")
			bare := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h.Snippet)
			bare = html.UnescapeString(strings.Trim(bare, "…"))
			if bare == "" || !strings.Contains(a.Text, bare) {
				t.Errorf("%q, %s: snippet %q is not a piece of the stored text", q.Q, h.ID, h.Snippet)
			}
		}
	}
	if marks == 0 {
		t.Error("no snippet marks a match")
	}
	if _, ok := TextSource(st).(TextReader); !ok {
		t.Fatalf("%T does not offer the text-only read", st)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// A source with ScanArticles alone gives the same hits and snippets.
	scanOnly, err := OpenWith(path, Options{Texts: scanOnlySource{st}})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range textQueries {
		if got, want := mustSearch(t, scanOnly, q), results[q.Q]; !reflect.DeepEqual(got.Hits, want.Hits) {
			t.Errorf("%q through ScanArticles: hits %+v, want %+v", q.Q, got.Hits, want.Hits)
		}
	}
	if err := scanOnly.Close(); err != nil {
		t.Fatal(err)
	}

	bare, err := Open(path, nil) // no text source
	if err != nil {
		t.Fatal(err)
	}
	defer bare.Close()
	for _, q := range textQueries {
		res := mustSearch(t, bare, q)
		want := results[q.Q]
		if g, w := ids(res.Hits), ids(want.Hits); strings.Join(g, " ") != strings.Join(w, " ") {
			t.Errorf("%q without texts: hits %v, want %v", q.Q, g, w)
		}
		for i, h := range res.Hits {
			if h.Snippet != "" {
				t.Errorf("%q without texts: snippet %q", q.Q, h.Snippet)
			}
			h.Snippet = want.Hits[i].Snippet
			if !reflect.DeepEqual(h, want.Hits[i]) {
				t.Errorf("%q without texts: hit %+v, want %+v", q.Q, h, want.Hits[i])
			}
		}
	}
}

// scanOnlySource hides every method of its source but ScanArticles.
type scanOnlySource struct{ src TextSource }

func (s scanOnlySource) ScanArticles(ctx context.Context, f govwire.ArticleFilter, fn func(*govwire.Article) error) error {
	return s.src.ScanArticles(ctx, f, fn)
}

// TestIndexStoringTextStillAnswers: an index made with the mapping of
// before (text stored) opens with a warning naming govwire reindex, and
// answers exactly as a new one does: its stored text is never read.
func TestIndexStoringTextStillAnswers(t *testing.T) {
	ctx := context.Background()
	arts := fixtures(t)
	st := newMemStore()
	st.put(arts...)
	path := filepath.Join(t.TempDir(), "index.bleve")
	old := newMapping()
	old.DefaultMapping.Properties[fieldText].Fields[0].Store = true
	bi, err := bleve.NewUsing(path, old, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bi.Close(); err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	ix, err := OpenWith(path, Options{Texts: st, Log: slog.New(slog.NewTextHandler(&logged, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !storesText(ix.bi) {
		t.Fatal("the old mapping does not store text")
	}
	if !strings.Contains(logged.String(), "govwire reindex") {
		t.Errorf("no warning naming govwire reindex: %q", logged.String())
	}
	if err := ix.Index(ctx, arts); err != nil {
		t.Fatal(err)
	}
	fresh := memIndex(t, arts)
	for _, q := range textQueries {
		got, want := mustSearch(t, ix, q), mustSearch(t, fresh, q)
		if len(got.Hits) != len(want.Hits) || got.Total != want.Total {
			t.Fatalf("%q: %d hits of %d, want %d of %d", q.Q, len(got.Hits), got.Total, len(want.Hits), want.Total)
		}
		for i := range got.Hits {
			g, w := got.Hits[i], want.Hits[i]
			if g.ID != w.ID || g.Snippet != w.Snippet || g.Title != w.Title || g.Score != w.Score {
				t.Errorf("%q hit %d: %+v, want %+v", q.Q, i, g, w)
			}
		}
	}
}
