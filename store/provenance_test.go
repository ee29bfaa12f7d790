package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

func TestProvenanceRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	useClock(db, t0)
	a := article(1, "alpha")
	a.Via = govwire.ViaWARC
	a.Provenance = &govwire.Provenance{File: "cc-news.warc.gz", RecordID: "<urn:uuid:1>", Offset: 4096,
		Captured: time.Date(2019, 10, 25, 12, 0, 0, 0, time.FixedZone("x", 3600))}
	if _, err := db.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := db.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := govwire.Provenance{File: "cc-news.warc.gz", RecordID: "<urn:uuid:1>", Offset: 4096,
		Captured: time.Date(2019, 10, 25, 11, 0, 0, 0, time.UTC)}
	if got.Via != govwire.ViaWARC || got.Provenance == nil || *got.Provenance != want {
		t.Fatalf("read back via %q provenance %+v, want warc %+v", got.Via, got.Provenance, want)
	}

	// A later save of the same URL, from a feed, changes the text but keeps
	// how the article was first found.
	b := article(1, "alpha")
	b.Text += " More."
	b.ContentHash = "changed"
	res, err := db.SaveArticle(ctx, b)
	if err != nil || res != govwire.SaveUpdated {
		t.Fatalf("update: %v, %v", res, err)
	}
	if b.Via != govwire.ViaWARC || b.Provenance == nil || *b.Provenance != want {
		t.Errorf("after update the caller sees via %q %+v, want the first one", b.Via, b.Provenance)
	}
	got, _ = db.Article(ctx, a.ID)
	if got.Via != govwire.ViaWARC || got.Provenance == nil || *got.Provenance != want {
		t.Errorf("after update stored via %q %+v, want the first one", got.Via, got.Provenance)
	}

	c := article(2, "alpha")
	if _, err := db.SaveArticle(ctx, c); err != nil {
		t.Fatal(err)
	}
	if c.Via != govwire.ViaFeed || c.Provenance != nil {
		t.Errorf("no via given: got %q %+v, want feed and no provenance", c.Via, c.Provenance)
	}
	d := article(3, "alpha")
	d.Via = "carrier-pigeon"
	if _, err := db.SaveArticle(ctx, d); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("unknown via: err %v, want EINVALID", err)
	}
}

// TestMigrationMarksOldRowsFeed stores an article under the first schema
// only, then opens the file with every migration: the row reads as via feed.
func TestMigrationMarksOldRowsFeed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "govwire.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := loadMigrations(migrationFS)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{ms[0].sql,
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`,
		`INSERT INTO schema_migrations VALUES (1, '0001_init.sql', 1)`,
		`INSERT INTO articles (id, url, canonical_url, source, feed, title, text, author, fetched, updated, dated,
			content_hash, cluster_id, extractor, seq, on_topic, ruleset)
			VALUES ('a1', 'https://x.example/1', 'https://x.example/1', 'x', 'https://x.example/feed', 'T', 'text', '',
			1, 1, 1, 'h', 'a1', 'test', 1, 0, 'rs')`,
	} {
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	db, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, err := db.Article(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if a.Via != govwire.ViaFeed || a.Provenance != nil {
		t.Errorf("old row: via %q provenance %+v, want feed and none", a.Via, a.Provenance)
	}
}
