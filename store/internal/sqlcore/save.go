package sqlcore

import (
	"context"
	"fmt"

	"github.com/govwire/govwire"
)

// prior is what SaveArticle needs to know about the stored version of an
// article.
type prior struct {
	id, contentHash, clusterID string
	fetched, updated           nullInt
	seq                        int64
	class                      storedClass
	via                        string
	provenance                 nullStr
	reviewed                   bool // its label rows are a review's, not the rules'
}

// SaveArticle inserts or updates a by its canonical URL in one transaction.
// It sets a.ID (govwire.ArticleID of the canonical URL when empty; the stored
// id on update), a.ClusterID, a.Fetched (kept from the first save), a.Updated
// and a.Seq. An article whose content hash and classification are unchanged
// is not written and keeps its Seq.
func (s Store) SaveArticle(ctx context.Context, a *govwire.Article) (govwire.SaveResult, error) {
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
	err = s.c.WriteTx(ctx, func(tx Tx) error {
		var err error
		res, err = save(ctx, tx, s.c, &b, enc)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("save article %s: %w", a.CanonicalURL, err)
	}
	a.ID, a.ClusterID, a.Fetched, a.Updated, a.Seq = b.ID, b.ClusterID, b.Fetched, b.Updated, b.Seq
	a.Via, a.Provenance = b.Via, b.Provenance
	return res, nil
}

// SaveIn does SaveArticle's work for a inside tx, with c's clock and
// dialect, and sorts a's labels as stored: for a driver's tests that seed
// many articles in one transaction.
func SaveIn(ctx context.Context, tx Tx, c *Config, a *govwire.Article) (govwire.SaveResult, error) {
	enc, err := encodeClass(a.Classification)
	if err != nil {
		return 0, err
	}
	a.Labels = enc.labels
	return save(ctx, tx, c, a, enc)
}

// save does SaveArticle's work inside tx. Saves of one canonical URL are
// serialised by tx.LockKey on it.
func save(ctx context.Context, tx Tx, c *Config, a *govwire.Article, enc classRow) (govwire.SaveResult, error) {
	if err := tx.LockKey(ctx, a.CanonicalURL); err != nil {
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
		return govwire.SaveCreated, create(ctx, tx, c, a, enc)
	}
	return govwire.SaveUpdated, update(ctx, tx, c, a, enc, old)
}

// loadPrior reads the stored version of the article at canonical, if any.
func loadPrior(ctx context.Context, tx Tx, canonical string) (prior, bool, error) {
	var p prior
	dest := append([]any{&p.id, &p.contentHash, &p.clusterID, &p.fetched, &p.updated, &p.seq}, p.class.dest()...)
	dest = append(dest, &p.via, &p.provenance, &p.reviewed)
	err := tx.QueryRow(ctx, `SELECT id, content_hash, cluster_id, fetched, updated, seq, `+classCols+`, via, provenance,
		review_id IS NOT NULL FROM articles WHERE canonical_url = $1`, canonical).Scan(dest...)
	if NotFound(err) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("load stored article: %w", err)
	}
	return p, true, nil
}

// keepProvenance gives a the stored article's via and provenance: they
// say how the article was first found, and an update keeps them.
func (p prior) keepProvenance(a *govwire.Article) error {
	prov, err := decodeProvenance(p.provenance)
	if err != nil {
		return err
	}
	a.Via, a.Provenance = p.via, prov
	return nil
}

// create inserts a new article with its labels and fingerprint bands.
func create(ctx context.Context, tx Tx, c *Config, a *govwire.Article, enc classRow) error {
	if a.ID == "" {
		a.ID = govwire.ArticleID(a.CanonicalURL)
	}
	if a.Fetched.IsZero() {
		a.Fetched = c.now()
	}
	a.Fetched = a.Fetched.UTC()
	a.Updated = a.Fetched
	cluster, err := assignCluster(ctx, tx, c, a)
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
	if a.Seq, err = tx.NextSeq(ctx); err != nil {
		return err
	}
	args := append(make([]any, 0, 26), a.ID, a.URL, a.CanonicalURL, nullString(a.FinalURL), a.Source, a.Feed,
		a.Title, a.Text, a.Author, timeArg(a.Published), UnixNano(a.Fetched), UnixNano(a.Updated), datedArg(a),
		a.ContentHash, fingerprintArg(a.Fingerprint), a.ClusterID, a.Extractor, a.Seq)
	args = append(enc.appendArgs(args), via, prov)
	_, err = tx.Exec(ctx, `INSERT INTO articles (id, url, canonical_url, final_url, source, feed, title,
		text, author, published, fetched, updated, dated, content_hash, fingerprint, cluster_id, extractor, seq,
		on_topic, labels, scores, entities, evidence, ruleset, via, provenance)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
		$22, $23, $24, $25, $26)`, args...)
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
func update(ctx context.Context, tx Tx, c *Config, a *govwire.Article, enc classRow, old prior) error {
	a.ID = old.id
	a.Fetched = fromNano(old.fetched)
	a.Updated = fromNano(old.updated)
	a.ClusterID = old.clusterID
	contentChanged := old.contentHash != a.ContentHash
	if contentChanged {
		a.Updated = c.now()
		cluster, err := reassignCluster(ctx, tx, c, a, old.clusterID)
		if err != nil {
			return err
		}
		a.ClusterID = cluster
	}
	var err error
	if a.Seq, err = tx.NextSeq(ctx); err != nil {
		return err
	}
	args := append(make([]any, 0, 22), a.URL, nullString(a.FinalURL), a.Source, a.Feed, a.Title, a.Text,
		a.Author, timeArg(a.Published), UnixNano(a.Updated), datedArg(a), a.ContentHash,
		fingerprintArg(a.Fingerprint), a.ClusterID, a.Extractor, a.Seq)
	args = append(enc.appendArgs(args), a.ID)
	_, err = tx.Exec(ctx, `UPDATE articles SET url = $1, final_url = $2, source = $3, feed = $4, title = $5,
		text = $6, author = $7, published = $8, updated = $9, dated = $10, content_hash = $11, fingerprint = $12,
		cluster_id = $13, extractor = $14, seq = $15, on_topic = $16, labels = $17, scores = $18, entities = $19,
		evidence = $20, ruleset = $21 WHERE id = $22`, args...)
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
func checkIDFree(ctx context.Context, tx Tx, a *govwire.Article) error {
	var other string
	err := tx.QueryRow(ctx, `SELECT canonical_url FROM articles WHERE id = $1`, a.ID).Scan(&other)
	if NotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check id: %w", err)
	}
	return govwire.Errorf(govwire.ECONFLICT, "article id %s is already used by %s", a.ID, other)
}
