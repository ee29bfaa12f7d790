package sqlcore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/govwire/govwire"
)

// reviewCols lists the columns storedReview reads, from table alias r.
const reviewCols = `r.id, r.on_topic, r.labels, r.note, r.reviewer, r.at, r.ruleset`

// storedReview is a review row as read back; every column is NULL when it
// comes from a LEFT JOIN of an article without a review.
type storedReview struct {
	id                              nullInt
	onTopic                         nullBool
	labels, note, reviewer, ruleset nullStr
	at                              nullInt
}

// decode turns the row into a Review of article id.
func (s storedReview) decode(id string) (govwire.Review, error) {
	r := govwire.Review{ArticleID: id, OnTopic: s.onTopic.b, Note: s.note.s, Reviewer: s.reviewer.s,
		At: fromNano(s.at), Ruleset: s.ruleset.s, Labels: []string{}}
	if l := s.labels.s; l != "" {
		if err := json.Unmarshal([]byte(l), &r.Labels); err != nil {
			return r, fmt.Errorf("decode review labels: %w", err)
		}
	}
	return r, nil
}

// SaveReview records a review of article id in one transaction: the review
// row, the article's pointer to its latest review, its label rows (the
// effective labels) and a new Seq for the index. The article's row is read
// for update, so where writers run concurrently the reviews of one article
// are serialised.
func (s Store) SaveReview(ctx context.Context, id string, r govwire.Review) (govwire.Review, error) {
	r.ArticleID = id
	if l := r.Normalize(); l != "" {
		return r, govwire.Errorf(govwire.EINVALID, "review of %s: unknown label %q (want %v)", id, l, govwire.Labels)
	}
	labels, err := json.Marshal(r.Labels)
	if err != nil {
		return r, fmt.Errorf("review of %s: %w", id, err)
	}
	err = s.c.WriteTx(ctx, func(tx Tx) error {
		var ruleset string
		err := tx.QueryRow(ctx, `SELECT ruleset FROM articles WHERE id = $1`+s.c.Dialect.ForUpdate, id).Scan(&ruleset)
		if NotFound(err) {
			return govwire.Errorf(govwire.ENOTFOUND, "article %q not found", id)
		}
		if err != nil {
			return fmt.Errorf("read article: %w", err)
		}
		if r.At.IsZero() {
			r.At = s.now()
		}
		r.At = r.At.UTC()
		if r.Ruleset == "" {
			r.Ruleset = ruleset
		}
		_, err = tx.Exec(ctx, `INSERT INTO reviews(article_id, on_topic, labels, note, reviewer, at, ruleset)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, r.OnTopic, string(labels), r.Note, r.Reviewer, UnixNano(r.At), r.Ruleset)
		if err != nil {
			return fmt.Errorf("insert review: %w", err)
		}
		return applyLatestReview(ctx, tx, id)
	})
	if err != nil {
		return r, fmt.Errorf("save review of %s: %w", id, err)
	}
	return r, nil
}

// applyLatestReview points article id at its latest review, makes that
// review's labels the article's label rows and moves its Seq.
func applyLatestReview(ctx context.Context, tx Tx, id string) error {
	var (
		latest int64
		labels string
	)
	err := tx.QueryRow(ctx, `SELECT id, labels FROM reviews WHERE article_id = $1
		ORDER BY at DESC, id DESC LIMIT 1`, id).Scan(&latest, &labels)
	if err != nil {
		return fmt.Errorf("latest review: %w", err)
	}
	var ls []string
	if err := json.Unmarshal([]byte(labels), &ls); err != nil {
		return fmt.Errorf("decode review labels: %w", err)
	}
	seq, err := tx.NextSeq(ctx)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE articles SET review_id = $1, seq = $2 WHERE id = $3`, latest, seq, id); err != nil {
		return fmt.Errorf("point at review: %w", err)
	}
	return replaceLabels(ctx, tx, id, ls)
}

// Reviews returns every review of article id, oldest first.
func (s Store) Reviews(ctx context.Context, id string) ([]govwire.Review, error) {
	out := []govwire.Review{}
	err := s.queryReviews(ctx, `SELECT r.article_id, `+reviewCols+` FROM reviews r WHERE r.article_id = $1
		ORDER BY r.at, r.id`, func(r govwire.Review) error {
		out = append(out, r)
		return nil
	}, id)
	if err != nil {
		return nil, fmt.Errorf("reviews of %s: %w", id, err)
	}
	return out, nil
}

// ScanReviews calls fn for every review in the order they were saved. The
// reviews are read first, so fn may write to the store.
func (s Store) ScanReviews(ctx context.Context, fn func(govwire.Review) error) error {
	if fn == nil {
		return govwire.Errorf(govwire.EINVALID, "scan reviews: callback is nil")
	}
	var all []govwire.Review
	err := s.queryReviews(ctx, `SELECT r.article_id, `+reviewCols+` FROM reviews r ORDER BY r.id`,
		func(r govwire.Review) error {
			all = append(all, r)
			return nil
		})
	if err != nil {
		return fmt.Errorf("scan reviews: %w", err)
	}
	for _, r := range all {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// CountReviewed returns how many articles have at least one review.
func (s Store) CountReviewed(ctx context.Context) (int, error) {
	var n int
	err := s.c.Read.QueryRow(ctx, `SELECT COUNT(*) FROM articles WHERE review_id IS NOT NULL`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count reviewed: %w", err)
	}
	return n, nil
}

// queryReviews runs q (article_id then reviewCols) on the read side and
// calls fn for each row.
func (s Store) queryReviews(ctx context.Context, q string, fn func(govwire.Review) error, args ...any) error {
	return s.c.Read.Query(ctx, func(row Row) error {
		var (
			id string
			s  storedReview
		)
		if err := row.Scan(&id, &s.id, &s.onTopic, &s.labels, &s.note, &s.reviewer, &s.at, &s.ruleset); err != nil {
			return err
		}
		r, err := s.decode(id)
		if err != nil {
			return err
		}
		return fn(r)
	}, q, args...)
}
