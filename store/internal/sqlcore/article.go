package sqlcore

import (
	"context"
	"fmt"
	"strings"

	"github.com/govwire/govwire"
)

// articleCols lists the columns scanArticle reads, from table alias a.
// With noText the text column reads as ”.
func articleCols(noText bool) string {
	text := "a.text"
	if noText {
		text = "''"
	}
	return strings.Join([]string{"a.id", "a.url", "a.canonical_url", "a.final_url", "a.source", "a.feed",
		"a.title", text, "a.author", "a.published", "a.fetched", "a.updated", "a.content_hash",
		"a.fingerprint", "a.cluster_id", "a.extractor", "a.seq", "a.on_topic", "a.labels", "a.scores",
		"a.entities", "a.evidence", "a.ruleset", "a.via", "a.provenance", reviewCols}, ", ")
}

// articleFrom is the FROM clause for articleCols: each article with its
// latest review, if any.
const articleFrom = `articles a LEFT JOIN reviews r ON r.id = a.review_id`

// scanArticle reads one row of articleCols.
func scanArticle(s Row) (*govwire.Article, error) {
	var (
		a                           govwire.Article
		final                       nullStr
		published, fetched, updated nullInt
		fp                          []byte
		sc                          storedClass
		prov                        nullStr
		rv                          storedReview
	)
	err := s.Scan(&a.ID, &a.URL, &a.CanonicalURL, &final, &a.Source, &a.Feed, &a.Title, &a.Text, &a.Author,
		&published, &fetched, &updated, &a.ContentHash, &fp, &a.ClusterID, &a.Extractor, &a.Seq,
		&sc.onTopic, &sc.labels, &sc.scores, &sc.entities, &sc.evidence, &sc.ruleset, &a.Via, &prov,
		&rv.id, &rv.onTopic, &rv.labels, &rv.note, &rv.reviewer, &rv.at, &rv.ruleset)
	if err != nil {
		return nil, err
	}
	if rv.id.valid {
		r, err := rv.decode(a.ID)
		if err != nil {
			return nil, fmt.Errorf("article %s: %w", a.ID, err)
		}
		a.Review = &r
	}
	if a.Provenance, err = decodeProvenance(prov); err != nil {
		return nil, fmt.Errorf("article %s: %w", a.ID, err)
	}
	a.FinalURL = final.s
	a.Published, a.Fetched, a.Updated = fromNano(published), fromNano(fetched), fromNano(updated)
	if len(fp) > 0 {
		if err := a.Fingerprint.UnmarshalBinary(fp); err != nil {
			return nil, fmt.Errorf("article %s: %w", a.ID, err)
		}
	}
	if a.Classification, err = sc.decode(); err != nil {
		return nil, fmt.Errorf("article %s: %w", a.ID, err)
	}
	return &a, nil
}

// SeenURL reports the id of an article whose URL, canonical URL or final URL
// is url.
func (s Store) SeenURL(ctx context.Context, url string) (string, bool, error) {
	if url == "" {
		return "", false, govwire.Errorf(govwire.EINVALID, "seen url: url is empty")
	}
	const q = `SELECT id FROM articles WHERE canonical_url = $1
		UNION ALL SELECT id FROM articles WHERE url = $1
		UNION ALL SELECT id FROM articles WHERE final_url = $1
		LIMIT 1`
	var id string
	err := s.c.Read.QueryRow(ctx, q, url).Scan(&id)
	switch {
	case NotFound(err):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("seen url %s: %w", url, err)
	}
	return id, true, nil
}

// Article returns one article with its text and classification, or an
// ENOTFOUND error.
func (s Store) Article(ctx context.Context, id string) (*govwire.Article, error) {
	q := `SELECT ` + articleCols(false) + ` FROM ` + articleFrom + ` WHERE a.id = $1`
	a, err := scanArticle(s.c.Read.QueryRow(ctx, q, id))
	switch {
	case NotFound(err):
		return nil, govwire.Errorf(govwire.ENOTFOUND, "article %q not found", id)
	case err != nil:
		return nil, fmt.Errorf("article %s: %w", id, err)
	}
	return a, nil
}

// ClusterMembers returns the articles of a cluster, earliest first.
func (s Store) ClusterMembers(ctx context.Context, clusterID string) ([]*govwire.Article, error) {
	if clusterID == "" {
		return nil, govwire.Errorf(govwire.EINVALID, "cluster members: cluster id is empty")
	}
	q := `SELECT ` + articleCols(false) + ` FROM ` + articleFrom + ` WHERE a.cluster_id = $1 ORDER BY a.fetched, a.id`
	out, err := s.queryArticles(ctx, q, clusterID)
	if err != nil {
		return nil, fmt.Errorf("cluster members %s: %w", clusterID, err)
	}
	return out, nil
}

// ChangesSince returns up to limit articles whose Seq is above seq, in Seq
// order, for the index to catch up.
func (s Store) ChangesSince(ctx context.Context, seq int64, limit int) ([]*govwire.Article, error) {
	if limit <= 0 {
		return nil, govwire.Errorf(govwire.EINVALID, "changes since %d: limit %d must be positive", seq, limit)
	}
	q := `SELECT ` + articleCols(false) + ` FROM ` + articleFrom + ` WHERE a.seq > $1 ORDER BY a.seq LIMIT $2`
	out, err := s.queryArticles(ctx, q, seq, limit)
	if err != nil {
		return nil, fmt.Errorf("changes since %d: %w", seq, err)
	}
	return out, nil
}

// queryArticles runs q on the read side and collects every row.
func (s Store) queryArticles(ctx context.Context, q string, args ...any) ([]*govwire.Article, error) {
	return queryAll(ctx, s.c.Read, scanArticle, q, args...)
}

// SaveClassification replaces an article's classification; changed is false
// when it was already the same. A change bumps the article's Seq. A reviewed
// article keeps its review's labels as its label rows: only the rules'
// classification changes.
func (s Store) SaveClassification(ctx context.Context, id string, c govwire.Classification) (bool, error) {
	enc, err := encodeClass(c)
	if err != nil {
		return false, fmt.Errorf("save classification %s: %w", id, err)
	}
	var changed bool
	err = s.c.WriteTx(ctx, func(tx Tx) error {
		var (
			old      storedClass
			reviewed bool
		)
		err := tx.QueryRow(ctx, `SELECT `+classCols+`, review_id IS NOT NULL FROM articles WHERE id = $1`+
			s.c.Dialect.ForUpdate, id).Scan(append(old.dest(), &reviewed)...)
		if NotFound(err) {
			return govwire.Errorf(govwire.ENOTFOUND, "article %q not found", id)
		}
		if err != nil || enc.equal(old) {
			return err
		}
		changed = true
		seq, err := tx.NextSeq(ctx)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE articles SET on_topic = $1, labels = $2, scores = $3, entities = $4,
			evidence = $5, ruleset = $6, seq = $7 WHERE id = $8`, append(enc.appendArgs(make([]any, 0, 8)), seq, id)...)
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

// insertLabels is the INSERT of n label rows of one article ($1).
var insertLabels = sqlByCount{build: func(n int) string {
	return `INSERT INTO article_labels(article_id, label) VALUES ` + valuesOfID(n)
}}

// replaceLabels makes labels the article's rows in article_labels.
func replaceLabels(ctx context.Context, tx Tx, id string, labels []string) error {
	return replaceRows(ctx, tx, "labels", "article_labels", &insertLabels, id, labels)
}

// replaceRows makes vals the article's rows in table, inserted by ins.
// what names the rows in errors.
func replaceRows[T any](ctx context.Context, tx Tx, what, table string, ins *sqlByCount, id string, vals []T) error {
	if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE article_id = $1`, id); err != nil {
		return fmt.Errorf("delete %s: %w", what, err)
	}
	if len(vals) == 0 {
		return nil
	}
	args := make([]any, 0, 1+len(vals))
	args = append(args, id)
	for _, v := range vals {
		args = append(args, v)
	}
	if _, err := tx.Exec(ctx, ins.get(len(vals)), args...); err != nil {
		return fmt.Errorf("insert %s: %w", what, err)
	}
	return nil
}

// rulesLabels makes the rules' labels the article's label rows, unless a
// review's labels are there (reviewed): those stay until the next review.
func rulesLabels(ctx context.Context, tx Tx, id string, labels []string, reviewed bool) error {
	if reviewed {
		return nil
	}
	return replaceLabels(ctx, tx, id, labels)
}

// ClusterSizes counts the stored articles of every near-duplicate cluster
// in one pass over the cluster index (export's cluster_size column).
func (s Store) ClusterSizes(ctx context.Context) (map[string]int, error) {
	sizes := map[string]int{}
	err := s.c.Read.Query(ctx, func(r Row) error {
		var id string
		var n int
		if err := r.Scan(&id, &n); err != nil {
			return err
		}
		sizes[id] = n
		return nil
	}, `SELECT cluster_id, count(*) FROM articles GROUP BY cluster_id`)
	if err != nil {
		return nil, fmt.Errorf("cluster sizes: %w", err)
	}
	return sizes, nil
}
