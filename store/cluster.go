package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/govwire/govwire"
)

// assignCluster picks the near-duplicate cluster of a, which is not stored
// yet or whose content changed: the cluster of an earlier article with the
// same content hash (an exact re-post), else that of the most similar
// article sharing an LSH band with a's fingerprint when the similarity
// reaches govwire.NearDuplicateSimilarity, else a's own id.
func assignCluster(ctx context.Context, tx *wtx, a *govwire.Article) (string, error) {
	if a.ContentHash != "" {
		var cluster string
		err := tx.QueryRowContext(ctx, `SELECT cluster_id FROM articles WHERE content_hash = ? AND content_hash <> '' AND id <> ?
			ORDER BY fetched, id LIMIT 1`, a.ContentHash, a.ID).Scan(&cluster)
		if err == nil {
			return cluster, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("find exact copy: %w", err)
		}
	}
	cluster, ok, err := nearestCluster(ctx, tx, a)
	if err != nil || ok {
		return cluster, err
	}
	return a.ID, nil
}

// reassignCluster is assignCluster for an article whose content changed. An
// article that other articles joined keeps its cluster, so the members are
// not orphaned.
func reassignCluster(ctx context.Context, tx *wtx, a *govwire.Article, current string) (string, error) {
	if current == a.ID {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM articles
			WHERE cluster_id = ? AND id <> ? LIMIT 1)`, a.ID, a.ID).Scan(&n)
		if err != nil {
			return "", fmt.Errorf("count cluster members: %w", err)
		}
		if n > 0 {
			return current, nil
		}
	}
	return assignCluster(ctx, tx, a)
}

// nearestCluster finds the cluster of the stored article most similar to a
// among those sharing one of its band keys; ties go to the earliest.
func nearestCluster(ctx context.Context, tx *wtx, a *govwire.Article) (string, bool, error) {
	bands := a.Fingerprint.Bands()
	if len(bands) == 0 {
		return "", false, nil
	}
	args := make([]any, 0, len(bands)+2)
	for _, b := range bands {
		args = append(args, b)
	}
	args = append(args, a.ID, maxCandidates)
	q := `SELECT a.cluster_id, a.fingerprint FROM articles a WHERE a.id IN (SELECT article_id FROM
		fingerprint_bands WHERE band_key IN (?` + strings.Repeat(", ?", len(bands)-1) + `))
		AND a.id <> ? ORDER BY a.fetched, a.id LIMIT ?`
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return "", false, fmt.Errorf("find near duplicates: %w", err)
	}
	defer rows.Close()
	best, bestSim := "", 0.0
	for rows.Next() {
		var (
			cluster string
			raw     []byte
			fp      govwire.Fingerprint
		)
		if err := rows.Scan(&cluster, &raw); err != nil {
			return "", false, fmt.Errorf("find near duplicates: %w", err)
		}
		if err := fp.UnmarshalBinary(raw); err != nil {
			continue // a damaged fingerprint matches nothing
		}
		if s := a.Fingerprint.Similarity(fp); s >= govwire.NearDuplicateSimilarity && s > bestSim {
			best, bestSim = cluster, s
		}
	}
	if err := rows.Err(); err != nil {
		return "", false, fmt.Errorf("find near duplicates: %w", err)
	}
	return best, best != "", nil
}

// replaceBands makes fp's band keys the article's rows in fingerprint_bands.
func replaceBands(ctx context.Context, tx *wtx, id string, fp govwire.Fingerprint) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM fingerprint_bands WHERE article_id = ?`, id); err != nil {
		return fmt.Errorf("delete bands: %w", err)
	}
	bands := fp.Bands()
	if len(bands) == 0 {
		return nil
	}
	args := make([]any, 0, 2*len(bands))
	for _, b := range bands {
		args = append(args, b, id)
	}
	q := `INSERT OR IGNORE INTO fingerprint_bands(band_key, article_id) VALUES (?, ?)` +
		strings.Repeat(", (?, ?)", len(bands)-1)
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("insert bands: %w", err)
	}
	return nil
}
