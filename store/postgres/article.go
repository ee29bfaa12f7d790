package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/govwire/govwire"
)

// SeenURL reports the id of an article whose URL, canonical URL or final URL
// is url.
func (db *DB) SeenURL(ctx context.Context, url string) (string, bool, error) {
	if url == "" {
		return "", false, govwire.Errorf(govwire.EINVALID, "seen url: url is empty")
	}
	const q = `(SELECT id FROM articles WHERE canonical_url = $1 LIMIT 1)
		UNION ALL (SELECT id FROM articles WHERE url = $1 LIMIT 1)
		UNION ALL (SELECT id FROM articles WHERE final_url = $1 LIMIT 1)
		LIMIT 1`
	var id string
	err := db.pool.QueryRow(ctx, q, url).Scan(&id)
	switch {
	case notFound(err):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("seen url %s: %w", url, err)
	}
	return id, true, nil
}

// Article returns one article with its text and classification, or an
// ENOTFOUND error.
func (db *DB) Article(ctx context.Context, id string) (*govwire.Article, error) {
	q := `SELECT ` + articleCols(false) + ` FROM ` + articleFrom + ` WHERE a.id = $1`
	a, err := scanArticle(db.pool.QueryRow(ctx, q, id))
	switch {
	case notFound(err):
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
	q := `SELECT ` + articleCols(false) + ` FROM ` + articleFrom + ` WHERE a.cluster_id = $1 ORDER BY a.fetched, a.id`
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
	q := `SELECT ` + articleCols(false) + ` FROM ` + articleFrom + ` WHERE a.seq > $1 ORDER BY a.seq LIMIT $2`
	out, err := db.queryArticles(ctx, q, seq, limit)
	if err != nil {
		return nil, fmt.Errorf("changes since %d: %w", seq, err)
	}
	return out, nil
}

// LastSeq is the highest Seq in the store, 0 when it holds no article: the
// committed value of the change counter, which the last change took.
func (db *DB) LastSeq(ctx context.Context) (int64, error) {
	var seq int64
	if err := db.pool.QueryRow(ctx, `SELECT seq FROM change_seq WHERE id = 1`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("last seq: %w", err)
	}
	return seq, nil
}

// queryArticles runs q and collects every row.
func (db *DB) queryArticles(ctx context.Context, q string, args ...any) ([]*govwire.Article, error) {
	rows, err := db.pool.Query(ctx, q, args...)
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
	err = db.writeTx(ctx, func(tx pgx.Tx) error {
		var (
			old      classRow
			reviewed bool
		)
		err := tx.QueryRow(ctx, `SELECT `+classCols+`, review_id IS NOT NULL FROM articles WHERE id = $1 FOR UPDATE`,
			id).Scan(append(old.classDest(), &reviewed)...)
		if notFound(err) {
			return govwire.Errorf(govwire.ENOTFOUND, "article %q not found", id)
		}
		if err != nil || enc.equal(old) {
			return err
		}
		changed = true
		seq, err := db.nextSeq(ctx, tx)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE articles SET on_topic = $1, labels = $2, scores = $3, entities = $4,
			evidence = $5, ruleset = $6, seq = $7 WHERE id = $8`,
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

// ClusterSizes counts the stored articles of every near-duplicate cluster
// (export's cluster_size column).
func (db *DB) ClusterSizes(ctx context.Context) (map[string]int, error) {
	rows, err := db.pool.Query(ctx, `SELECT cluster_id, count(*) FROM articles GROUP BY cluster_id`)
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
