package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/govwire/govwire"
)

// assignCluster picks the near-duplicate cluster of a, which is not stored
// yet or whose content changed: the cluster of an earlier article with the
// same content hash (an exact re-post), else that of the most similar
// article sharing an LSH band with a's fingerprint when the similarity
// reaches govwire.NearDuplicateSimilarity, else a's own id.
func assignCluster(ctx context.Context, tx pgx.Tx, a *govwire.Article) (string, error) {
	if a.ContentHash != "" {
		var cluster string
		err := tx.QueryRow(ctx, `SELECT cluster_id FROM articles WHERE content_hash = $1 AND content_hash <> ''
			AND id <> $2 ORDER BY fetched, id LIMIT 1`, a.ContentHash, a.ID).Scan(&cluster)
		if err == nil {
			return cluster, nil
		}
		if !notFound(err) {
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
func reassignCluster(ctx context.Context, tx pgx.Tx, a *govwire.Article, current string) (string, error) {
	if current == a.ID {
		var joined bool
		err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE cluster_id = $1 AND id <> $1)`,
			a.ID).Scan(&joined)
		if err != nil {
			return "", fmt.Errorf("count cluster members: %w", err)
		}
		if joined {
			return current, nil
		}
	}
	return assignCluster(ctx, tx, a)
}

// nearestCluster finds the cluster of the stored article most similar to a
// among those sharing one of its band keys; ties go to the earliest.
func nearestCluster(ctx context.Context, tx pgx.Tx, a *govwire.Article) (string, bool, error) {
	bands := a.Fingerprint.Bands()
	if len(bands) == 0 {
		return "", false, nil
	}
	rows, err := tx.Query(ctx, `SELECT a.cluster_id, a.fingerprint FROM articles a WHERE a.id IN (
		SELECT article_id FROM fingerprint_bands WHERE band_key = ANY($1::bigint[]))
		AND a.id <> $2 ORDER BY a.fetched, a.id LIMIT $3`, bands, a.ID, maxCandidates)
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
func replaceBands(ctx context.Context, tx pgx.Tx, id string, fp govwire.Fingerprint) error {
	if _, err := tx.Exec(ctx, `DELETE FROM fingerprint_bands WHERE article_id = $1`, id); err != nil {
		return fmt.Errorf("delete bands: %w", err)
	}
	bands := fp.Bands()
	if len(bands) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO fingerprint_bands(band_key, article_id)
		SELECT DISTINCT unnest($1::bigint[]), $2 ON CONFLICT DO NOTHING`, bands, id); err != nil {
		return fmt.Errorf("insert bands: %w", err)
	}
	return nil
}
