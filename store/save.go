package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/govwire/govwire"
)

// prior is what SaveArticle needs to know about the stored version of an
// article.
type prior struct {
	id, contentHash, clusterID string
	fetched, updated           sql.NullInt64
	seq                        int64
	class                      storedClass
	via                        string
	provenance                 sql.NullString
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
	err = db.writeTx(ctx, func(tx *wtx) error {
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

// save does SaveArticle's work inside tx.
func (db *DB) save(ctx context.Context, tx *wtx, a *govwire.Article, enc classRow) (govwire.SaveResult, error) {
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
	if a.Seq, err = nextSeq(ctx, tx); err != nil {
		return 0, err
	}
	if !found {
		return govwire.SaveCreated, db.create(ctx, tx, a, enc)
	}
	return govwire.SaveUpdated, db.update(ctx, tx, a, enc, old)
}

// loadPrior reads the stored version of the article at canonical, if any.
func loadPrior(ctx context.Context, tx *wtx, canonical string) (prior, bool, error) {
	var p prior
	err := tx.QueryRowContext(ctx, `SELECT id, content_hash, cluster_id, fetched, updated, seq,
		on_topic, labels, scores, entities, evidence, ruleset, via, provenance, review_id IS NOT NULL
		FROM articles WHERE canonical_url = ?`, canonical).
		Scan(&p.id, &p.contentHash, &p.clusterID, &p.fetched, &p.updated, &p.seq,
			&p.class.onTopic, &p.class.labels, &p.class.scores, &p.class.entities, &p.class.evidence, &p.class.ruleset,
			&p.via, &p.provenance, &p.reviewed)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("load stored article: %w", err)
	}
	return p, true, nil
}

// create inserts a new article with its labels and fingerprint bands.
func (db *DB) create(ctx context.Context, tx *wtx, a *govwire.Article, enc classRow) error {
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
	_, err = tx.ExecContext(ctx, `INSERT INTO articles (id, url, canonical_url, final_url, source, feed, title,
		text, author, published, fetched, updated, dated, content_hash, fingerprint, cluster_id, extractor, seq,
		on_topic, labels, scores, entities, evidence, ruleset, via, provenance)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
func (db *DB) update(ctx context.Context, tx *wtx, a *govwire.Article, enc classRow, old prior) error {
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
	_, err := tx.ExecContext(ctx, `UPDATE articles SET url = ?, final_url = ?, source = ?, feed = ?, title = ?,
		text = ?, author = ?, published = ?, updated = ?, dated = ?, content_hash = ?, fingerprint = ?,
		cluster_id = ?, extractor = ?, seq = ?, on_topic = ?, labels = ?, scores = ?, entities = ?,
		evidence = ?, ruleset = ? WHERE id = ?`,
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
func checkIDFree(ctx context.Context, tx *wtx, a *govwire.Article) error {
	var other string
	err := tx.QueryRowContext(ctx, `SELECT canonical_url FROM articles WHERE id = ?`, a.ID).Scan(&other)
	if notFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check id: %w", err)
	}
	return govwire.Errorf(govwire.ECONFLICT, "article id %s is already used by %s", a.ID, other)
}

// datedArg is the value of the dated column: Published, or Fetched when the
// publication date is unknown.
func datedArg(a *govwire.Article) int64 {
	if a.Published.IsZero() {
		return unixNano(a.Fetched)
	}
	return unixNano(a.Published)
}

// rulesLabels makes the rules' labels the article's label rows, unless a
// review's labels are there (reviewed): those stay until the next review.
func rulesLabels(ctx context.Context, tx *wtx, id string, labels []string, reviewed bool) error {
	if reviewed {
		return nil
	}
	return replaceLabels(ctx, tx, id, labels)
}
