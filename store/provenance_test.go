package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/govwire/govwire"
)

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
	for _, q := range []string{ms[0].SQL,
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
