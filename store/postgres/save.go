package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/govwire/govwire"
)

// prior is what SaveArticle needs to know about the stored version of an
// article.
type prior struct {
	id, contentHash, clusterID string
	fetched, updated           *int64
	seq                        int64
	class                      classRow
	via                        string
	provenance                 *string
	reviewed                   bool // its label rows are a review's, not the rules'
}

// SaveArticle inserts or updates a by its canonical URL in one transaction.
// It sets a.ID (govwire.ArticleID of the canonical URL when empty; the stored
// id on update), a.ClusterID, a.Fetched (kept from the first save), a.Updated
// and a.Seq. An article whose content hash and classification are unchanged
// is not written and keeps its Seq.
func (db *DB) SaveArticle(ctx context.Context, a *govwire.Article) (govwire.SaveResult, error) {
	if a == nil {
		return 0, govwire.Errorf(govwire.EINVALID, "save article: article is nil")
	}
	if a.CanonicalURL == "" {
		return 0, govwire.Errorf(govwire.EINVALID, "save article %q: canonical url is empty", a.URL)
	}
	enc, err := encodeClass(a.Classification)
	if err != nil {
		return 0, fmt.Errorf("save article %s: %w", a.CanonicalURL, err)
	}
	b := *a // a changes only once the transaction commits
	b.Labels = enc.labels
	var res govwire.SaveResult
	err = db.writeTx(ctx, func(tx pgx.Tx) error {
		var err error
		res, err = db.save(ctx, tx, &b, enc)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("save article %s: %w", a.CanonicalURL, err)
	}
	a.ID, a.ClusterID, a.Fetched, a.Updated, a.Seq = b.ID, b.ClusterID, b.Fetched, b.Updated, b.Seq
	a.Via, a.Provenance = b.Via, b.Provenance
	return res, nil
}

// save does SaveArticle's work inside tx. Saves of one canonical URL are
// serialised by a transaction-scoped advisory lock on it.
func (db *DB) save(ctx context.Context, tx pgx.Tx, a *govwire.Article, enc classRow) (govwire.SaveResult, error) {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 1))`, a.CanonicalURL); err != nil {
		return 0, fmt.Errorf("lock canonical url: %w", err)
	}
	old, found, err := loadPrior(ctx, tx, a.CanonicalURL)
	if err != nil {
		return 0, err
	}
	if found {
		if err := old.keepProvenance(a); err != nil {
			return 0, err
		}
	}
	if found && old.contentHash == a.ContentHash && enc.equal(old.class) {
		a.ID, a.ClusterID, a.Seq = old.id, old.clusterID, old.seq
		a.Fetched, a.Updated = fromNano(old.fetched), fromNano(old.updated)
		return govwire.SaveUnchanged, nil
	}
	if !found {
		return govwire.SaveCreated, db.create(ctx, tx, a, enc)
	}
	return govwire.SaveUpdated, db.update(ctx, tx, a, enc, old)
}

// loadPrior reads the stored version of the article at canonical, if any.
func loadPrior(ctx context.Context, tx pgx.Tx, canonical string) (prior, bool, error) {
	var p prior
	dest := append([]any{&p.id, &p.contentHash, &p.clusterID, &p.fetched, &p.updated, &p.seq}, p.class.classDest()...)
	dest = append(dest, &p.via, &p.provenance, &p.reviewed)
	err := tx.QueryRow(ctx, `SELECT id, content_hash, cluster_id, fetched, updated, seq, `+classCols+`, via, provenance,
		review_id IS NOT NULL FROM articles WHERE canonical_url = $1`, canonical).Scan(dest...)
	if notFound(err) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("load stored article: %w", err)
	}
	return p, true, nil
}

// create inserts a new article with its labels and fingerprint bands.
func (db *DB) create(ctx context.Context, tx pgx.Tx, a *govwire.Article, enc classRow) error {
	if a.ID == "" {
		a.ID = govwire.ArticleID(a.CanonicalURL)
	}
	if a.Fetched.IsZero() {
		a.Fetched = db.nowUTC()
	}
	a.Fetched = a.Fetched.UTC()
	a.Updated = a.Fetched
	cluster, err := assignCluster(ctx, tx, a)
	if err != nil {
		return err
	}
	a.ClusterID = cluster
	if err := checkIDFree(ctx, tx, a); err != nil {
		return err
	}
	via, prov, err := provenanceArgs(a)
	if err != nil {
		return err
	}
	if a.Seq, err = db.nextSeq(ctx, tx); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `INSERT INTO articles (id, url, canonical_url, final_url, source, feed, title,
		text, author, published, fetched, updated, dated, content_hash, fingerprint, cluster_id, extractor, seq,
		on_topic, labels, scores, entities, evidence, ruleset, via, provenance)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
		$22, $23, $24, $25, $26)`,
		a.ID, a.URL, a.CanonicalURL, nullString(a.FinalURL), a.Source, a.Feed, a.Title, a.Text, a.Author,
		timeArg(a.Published), unixNano(a.Fetched), unixNano(a.Updated), datedArg(a), a.ContentHash,
		fingerprintArg(a.Fingerprint), a.ClusterID, a.Extractor, a.Seq,
		enc.onTopic, enc.labelsJS, enc.scores, enc.entities, enc.evidence, enc.ruleset, via, prov)
	if err != nil {
		return fmt.Errorf("insert article: %w", err)
	}
	if err := replaceLabels(ctx, tx, a.ID, enc.labels); err != nil {
		return err
	}
	return replaceBands(ctx, tx, a.ID, a.Fingerprint)
}

// update rewrites a stored article. Fetched stays from the first save;
// Updated and the cluster change only when the content did.
func (db *DB) update(ctx context.Context, tx pgx.Tx, a *govwire.Article, enc classRow, old prior) error {
	a.ID = old.id
	a.Fetched = fromNano(old.fetched)
	a.Updated = fromNano(old.updated)
	a.ClusterID = old.clusterID
	contentChanged := old.contentHash != a.ContentHash
	if contentChanged {
		a.Updated = db.nowUTC()
		cluster, err := reassignCluster(ctx, tx, a, old.clusterID)
		if err != nil {
			return err
		}
		a.ClusterID = cluster
	}
	var err error
	if a.Seq, err = db.nextSeq(ctx, tx); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE articles SET url = $1, final_url = $2, source = $3, feed = $4, title = $5,
		text = $6, author = $7, published = $8, updated = $9, dated = $10, content_hash = $11, fingerprint = $12,
		cluster_id = $13, extractor = $14, seq = $15, on_topic = $16, labels = $17, scores = $18, entities = $19,
		evidence = $20, ruleset = $21 WHERE id = $22`,
		a.URL, nullString(a.FinalURL), a.Source, a.Feed, a.Title, a.Text, a.Author, timeArg(a.Published),
		unixNano(a.Updated), datedArg(a), a.ContentHash, fingerprintArg(a.Fingerprint), a.ClusterID,
		a.Extractor, a.Seq, enc.onTopic, enc.labelsJS, enc.scores, enc.entities, enc.evidence, enc.ruleset, a.ID)
	if err != nil {
		return fmt.Errorf("update article: %w", err)
	}
	if err := rulesLabels(ctx, tx, a.ID, enc.labels, old.reviewed); err != nil {
		return err
	}
	if !contentChanged {
		return nil
	}
	return replaceBands(ctx, tx, a.ID, a.Fingerprint)
}

// checkIDFree returns an ECONFLICT error when a.ID already names an article
// at another canonical URL.
func checkIDFree(ctx context.Context, tx pgx.Tx, a *govwire.Article) error {
	var other string
	err := tx.QueryRow(ctx, `SELECT canonical_url FROM articles WHERE id = $1`, a.ID).Scan(&other)
	if notFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check id: %w", err)
	}
	return govwire.Errorf(govwire.ECONFLICT, "article id %s is already used by %s", a.ID, other)
}

// replaceLabels makes labels the article's rows in article_labels.
func replaceLabels(ctx context.Context, tx pgx.Tx, id string, labels []string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM article_labels WHERE article_id = $1`, id); err != nil {
		return fmt.Errorf("delete labels: %w", err)
	}
	if len(labels) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO article_labels(article_id, label) SELECT $1, unnest($2::text[])`,
		id, labels); err != nil {
		return fmt.Errorf("insert labels: %w", err)
	}
	return nil
}
