package store

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

// TestOpenReadDoesNotBlockWriter holds a read transaction open on the read
// pool (WAL snapshot) while the writer commits.
func TestOpenReadDoesNotBlockWriter(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	mustSave(t, db, article(1, "alpha"), govwire.SaveCreated)
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var before int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if _, err := db.SaveArticle(wctx, article(2, "alpha")); err != nil {
		t.Fatalf("write blocked by an open reader: %v", err)
	}
	var snapshot int
	tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&snapshot)
	now, _ := db.CountArticles(ctx, govwire.ArticleFilter{})
	if before != 1 || snapshot != 1 || now != 2 {
		t.Errorf("counts: reader %d then %d (snapshot), fresh read %d; want 1, 1, 2", before, snapshot, now)
	}
}
