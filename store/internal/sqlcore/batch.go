package sqlcore

import (
	"context"
	"fmt"
	"slices"

	"github.com/govwire/govwire"
)

// SaveArticles saves arts in one transaction, each exactly as SaveArticle
// would save it, in order: a later article sees the earlier ones of the
// batch (a second copy of a canonical URL updates the first, a near
// duplicate joins its cluster), and the same fields of each article are
// set. The results are in the order of arts. It is the bulk path for
// generators and imports: one commit instead of one per article.
//
// The batch is all or nothing: when any article is invalid or fails, the
// transaction rolls back, no article is changed, and the error names the
// article at fault.
func (s Store) SaveArticles(ctx context.Context, arts []*govwire.Article) ([]govwire.SaveResult, error) {
	if len(arts) == 0 {
		return []govwire.SaveResult{}, nil
	}
	copies := make([]govwire.Article, len(arts)) // arts change only once the transaction commits
	encs := make([]classRow, len(arts))
	for i, a := range arts {
		if a == nil {
			return nil, govwire.Errorf(govwire.EINVALID, "save articles: article %d is nil", i)
		}
		if a.CanonicalURL == "" {
			return nil, govwire.Errorf(govwire.EINVALID, "save articles: article %d (%q): canonical url is empty", i, a.URL)
		}
		enc, err := encodeClass(a.Classification)
		if err != nil {
			return nil, fmt.Errorf("save articles: article %d (%s): %w", i, a.CanonicalURL, err)
		}
		copies[i], encs[i] = *a, enc
		copies[i].Labels = enc.labels
	}
	res := make([]govwire.SaveResult, len(arts))
	err := s.c.WriteTx(ctx, func(tx Tx) error {
		if err := lockAll(ctx, tx, arts); err != nil {
			return err
		}
		for i := range copies {
			r, err := save(ctx, tx, s.c, &copies[i], encs[i])
			if err != nil {
				return fmt.Errorf("article %d (%s): %w", i, arts[i].CanonicalURL, err)
			}
			res[i] = r
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("save articles: %w", err)
	}
	for i, a := range arts {
		b := &copies[i]
		a.ID, a.ClusterID, a.Fetched, a.Updated, a.Seq = b.ID, b.ClusterID, b.Fetched, b.Updated, b.Seq
		a.Via, a.Provenance = b.Via, b.Provenance
	}
	return res, nil
}

// lockAll takes the lock of every canonical URL of arts, in sorted order,
// before any of them is saved: two batches, or a batch and a single save,
// that share URLs then take their locks in the same order and cannot
// deadlock (each save takes its own URL's lock again, which it holds).
func lockAll(ctx context.Context, tx Tx, arts []*govwire.Article) error {
	keys := make([]string, len(arts))
	for i, a := range arts {
		keys[i] = a.CanonicalURL
	}
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		if err := tx.LockKey(ctx, k); err != nil {
			return fmt.Errorf("lock canonical url: %w", err)
		}
	}
	return nil
}
