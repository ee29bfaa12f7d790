package storetest

import (
	"context"
	"maps"
	"testing"

	"github.com/govwire/govwire"
)

func init() {
	register(test{"ArticleTexts", testArticleTexts})
}

// textReader is the text-only read a search page's snippets use
// (index.Options.Texts): both drivers provide it.
type textReader interface {
	ArticleTexts(ctx context.Context, ids []string) (map[string]string, error)
}

// testArticleTexts checks that ArticleTexts returns each known id's current
// text (as Article reads it, after an update), leaves unknown ids out,
// takes repeated ids, and refuses an empty id.
func testArticleTexts(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{})
	tr, ok := db.(textReader)
	if !ok {
		t.Fatalf("%T has no ArticleTexts", db)
	}
	arts := make([]*govwire.Article, 120)
	for i := range arts {
		arts[i] = article(i, "alpha")
	}
	arts[3].Text = "Ünïcode — “quoted” text, 東京 and an emoji 🙂."
	saveAll(t, db, arts)
	upd := article(5, "alpha")
	upd.Text = "The updated text of story five."
	upd.ContentHash = "hash-5b"
	saveAll(t, db, []*govwire.Article{upd})

	var ids []string
	want := map[string]string{}
	for i := 0; i < len(arts); i += 2 {
		a, err := db.Article(ctx, arts[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
		want[a.ID] = a.Text
	}
	for _, i := range []int{3, 5} {
		ids = append(ids, arts[i].ID)
		want[arts[i].ID] = arts[i].Text
	}
	want[arts[5].ID] = upd.Text
	ids = append(ids, arts[0].ID, "no-such-article")

	got, err := tr.ArticleTexts(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, want) {
		t.Errorf("got %d texts, want %d", len(got), len(want))
		for id, w := range want {
			if got[id] != w {
				t.Errorf("%s: got %q, want %q", id, got[id], w)
			}
		}
		for id := range got {
			if _, ok := want[id]; !ok {
				t.Errorf("%s: not asked for or unknown, got %q", id, got[id])
			}
		}
	}
	if got, err := tr.ArticleTexts(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("no ids: got %v, %v", got, err)
	}
	if _, err := tr.ArticleTexts(ctx, []string{arts[1].ID, ""}); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("empty id: got %v, want EINVALID", err)
	}
}
