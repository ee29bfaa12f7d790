package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/govwire/govwire"
)

// SeenURL reports the id of an article whose URL, canonical URL or final URL
// is url.
func (db *DB) SeenURL(ctx context.Context, url string) (string, bool, error) {
	if url == "" {
		return "", false, govwire.Errorf(govwire.EINVALID, "seen url: url is empty")
	}
	const q = `SELECT id FROM articles WHERE canonical_url = ?1
		UNION ALL SELECT id FROM articles WHERE url = ?1
		UNION ALL SELECT id FROM articles WHERE final_url = ?1
		LIMIT 1`
	var id string
	err := db.read.QueryRowContext(ctx, q, url).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("seen url %s: %w", url, err)
	}
	return id, true, nil
}

// Article returns one article with its text and classification, or an
// ENOTFOUND error.
func (db *DB) Article(ctx context.Context, id string) (*govwire.Article, error) {
	q := `SELECT ` + articleCols(false) + ` FROM ` + articleFrom + ` WHERE a.id = ?`
	a, err := scanArticle(db.read.QueryRowContext(ctx, q, id))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, govwire.Errorf(govwire.ENOTFOUND, "article %q not found", id)
	case err != nil:
		return nil, fmt.Errorf("article %s: %w", id, err)
	}
	return a, nil
}

// ClusterMembers returns the articles of a cluster, earliest first.
func (db *DB) ClusterMembers(ctx context.Context, clusterID string) ([]*govwire.Article, error) {
	if clusterID == "" {
		return nil, govwire.Errorf(govwire.EINVALID, "cluster members: cluster id is empty")
	}
	q := `SELECT ` + articleCols(false) + ` FROM ` + articleFrom + ` WHERE a.cluster_id = ? ORDER BY a.fetched, a.id`
	out, err := db.queryArticles(ctx, q, clusterID)
	if err != nil {
		return nil, fmt.Errorf("cluster members %s: %w", clusterID, err)
	}
	return out, nil
}

// ChangesSince returns up to limit articles whose Seq is above seq, in Seq
// order, for the index to catch up.
func (db *DB) ChangesSince(ctx context.Context, seq int64, limit int) ([]*govwire.Article, error) {
	if limit <= 0 {
		return nil, govwire.Errorf(govwire.EINVALID, "changes since %d: limit %d must be positive", seq, limit)
	}
	q := `SELECT ` + articleCols(false) + ` FROM ` + articleFrom + ` WHERE a.seq > ? ORDER BY a.seq LIMIT ?`
	out, err := db.queryArticles(ctx, q, seq, limit)
	if err != nil {
		return nil, fmt.Errorf("changes since %d: %w", seq, err)
	}
	return out, nil
}

// LastSeq is the highest Seq in the store, 0 when it holds no article.
func (db *DB) LastSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := db.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM articles`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("last seq: %w", err)
	}
	return seq, nil
}

// queryArticles runs q on the read pool and collects every row.
func (db *DB) queryArticles(ctx context.Context, q string, args ...any) ([]*govwire.Article, error) {
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*govwire.Article
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// SaveClassification replaces an article's classification; changed is false
// when it was already the same. A change bumps the article's Seq. A reviewed
// article keeps its review's labels as its label rows: only the rules'
// classification changes.
func (db *DB) SaveClassification(ctx context.Context, id string, c govwire.Classification) (bool, error) {
	enc, err := encodeClass(c)
	if err != nil {
		return false, fmt.Errorf("save classification %s: %w", id, err)
	}
	var changed bool
	err = db.writeTx(ctx, func(tx *wtx) error {
		var (
			old      storedClass
			reviewed bool
		)
		err := tx.QueryRowContext(ctx, `SELECT on_topic, labels, scores, entities, evidence, ruleset,
			review_id IS NOT NULL FROM articles WHERE id = ?`, id).Scan(&old.onTopic, &old.labels, &old.scores,
			&old.entities, &old.evidence, &old.ruleset, &reviewed)
		if errors.Is(err, sql.ErrNoRows) {
			return govwire.Errorf(govwire.ENOTFOUND, "article %q not found", id)
		}
		if err != nil || enc.equal(old) {
			return err
		}
		changed = true
		seq, err := nextSeq(ctx, tx)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE articles SET on_topic = ?, labels = ?, scores = ?, entities = ?,
			evidence = ?, ruleset = ?, seq = ? WHERE id = ?`,
			enc.onTopic, enc.labelsJS, enc.scores, enc.entities, enc.evidence, enc.ruleset, seq, id)
		if err != nil {
			return err
		}
		return rulesLabels(ctx, tx, id, enc.labels, reviewed)
	})
	if err != nil {
		return false, fmt.Errorf("save classification %s: %w", id, err)
	}
	return changed, nil
}

// nextSeq returns the next change sequence number. Only the single writer
// connection calls it, inside its transaction, so numbers never repeat.
func nextSeq(ctx context.Context, tx *wtx) (int64, error) {
	var seq int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM articles`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("next seq: %w", err)
	}
	return seq, nil
}

// replaceLabels makes labels the article's rows in article_labels.
func replaceLabels(ctx context.Context, tx *wtx, id string, labels []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM article_labels WHERE article_id = ?`, id); err != nil {
		return fmt.Errorf("delete labels: %w", err)
	}
	if len(labels) == 0 {
		return nil
	}
	args := make([]any, 0, 2*len(labels))
	for _, l := range labels {
		args = append(args, id, l)
	}
	q := `INSERT INTO article_labels(article_id, label) VALUES (?, ?)` + strings.Repeat(", (?, ?)", len(labels)-1)
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("insert labels: %w", err)
	}
	return nil
}

// ClusterSizes counts the stored articles of every near-duplicate cluster
// in one pass over the cluster index (export's cluster_size column).
func (db *DB) ClusterSizes(ctx context.Context) (map[string]int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT cluster_id, count(*) FROM articles GROUP BY cluster_id`)
	if err != nil {
		return nil, fmt.Errorf("cluster sizes: %w", err)
	}
	defer rows.Close()
	sizes := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("cluster sizes: %w", err)
		}
		sizes[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cluster sizes: %w", err)
	}
	return sizes, nil
}
