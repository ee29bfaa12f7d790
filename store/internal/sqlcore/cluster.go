package sqlcore

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	"github.com/govwire/govwire"
)

// maxCandidates is how many near-duplicate candidates a save examines.
const maxCandidates = 1000

// assignCluster picks the near-duplicate cluster of a, which is not stored
// yet or whose content changed: the cluster of an earlier article with the
// same content hash (an exact re-post), else that of the most similar
// article sharing an LSH band with a's fingerprint when the similarity
// reaches govwire.NearDuplicateSimilarity, else a's own id.
func assignCluster(ctx context.Context, tx Tx, c *Config, a *govwire.Article) (string, error) {
	if a.ContentHash != "" {
		var cluster string
		err := tx.QueryRow(ctx, `SELECT cluster_id FROM articles WHERE content_hash = $1 AND content_hash <> ''
			AND id <> $2 ORDER BY fetched, id LIMIT 1`, a.ContentHash, a.ID).Scan(&cluster)
		if err == nil {
			return cluster, nil
		}
		if !NotFound(err) {
			return "", fmt.Errorf("find exact copy: %w", err)
		}
	}
	cluster, ok, err := nearestCluster(ctx, tx, c, a)
	if err != nil || ok {
		return cluster, err
	}
	return a.ID, nil
}

// reassignCluster is assignCluster for an article whose content changed. An
// article that other articles joined keeps its cluster, so the members are
// not orphaned.
func reassignCluster(ctx context.Context, tx Tx, c *Config, a *govwire.Article, current string) (string, error) {
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
	return assignCluster(ctx, tx, c, a)
}

// nearSQL reads the candidates sharing one of n band keys ($2...) with
// the article $1, through the index the dialect names. It neither sorts
// nor limits them: nearestCluster does, which is cheaper than the
// database sorting every candidate row with its fingerprint.
func (c *Config) nearSQL(n int) string {
	c.nearOnce.Do(func() { c.near.build = func(n int) string { return buildNearSQL(c.Dialect.NearIndex, n) } })
	return c.near.get(n)
}

func buildNearSQL(index string, n int) string {
	var b strings.Builder
	b.WriteString(`SELECT a.cluster_id, a.fingerprint, a.fetched, a.id FROM articles a` + index + ` WHERE a.id IN (SELECT
		article_id FROM fingerprint_bands WHERE band_key IN (`)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", 2+i)
	}
	b.WriteString(`)) AND a.id <> $1`)
	return b.String()
}

// candidate is a stored article that shares a band key with the one
// being saved.
type candidate struct {
	cluster, id string
	fetched     int64
	sim         float64
}

// before reports whether c comes before d in the order the candidates
// are examined: fetched, then id.
func (c candidate) before(d candidate) bool {
	return c.fetched < d.fetched || c.fetched == d.fetched && c.id < d.id
}

// nearestCluster finds the cluster of the stored article most similar to a
// among the earliest maxCandidates of those sharing one of its band keys
// (by fetched, then id); ties go to the earliest.
func nearestCluster(ctx context.Context, tx Tx, c *Config, a *govwire.Article) (string, bool, error) {
	bands := a.Fingerprint.Bands()
	if len(bands) == 0 {
		return "", false, nil
	}
	args := make([]any, 0, len(bands)+1)
	args = append(args, a.ID)
	for _, b := range bands {
		args = append(args, b)
	}
	mine, _ := a.Fingerprint.MarshalBinary() // never fails
	var cands []candidate
	err := tx.Query(ctx, func(r Row) error {
		var (
			k   candidate
			raw []byte
		)
		if err := r.Scan(&k.cluster, &raw, &k.fetched, &k.id); err != nil {
			return err
		}
		k.sim = similarity(mine, raw)
		cands = append(cands, k)
		return nil
	}, c.nearSQL(len(bands)), args...)
	if err != nil {
		return "", false, fmt.Errorf("find near duplicates: %w", err)
	}
	cluster := nearest(cands, maxCandidates)
	return cluster, cluster != "", nil
}

// nearest returns the cluster of the most similar candidate at or above
// govwire.NearDuplicateSimilarity among the earliest max of cands, ties
// to the earliest, or "". It may reorder cands.
func nearest(cands []candidate, max int) string {
	if len(cands) > max {
		slices.SortFunc(cands, func(x, y candidate) int {
			if x.before(y) {
				return -1
			}
			if y.before(x) {
				return 1
			}
			return 0
		})
		cands = cands[:max]
	}
	var best candidate
	for _, k := range cands {
		if k.sim >= govwire.NearDuplicateSimilarity && (k.sim > best.sim || k.sim == best.sim && k.before(best)) {
			best = k
		}
	}
	return best.cluster
}

// insertBands is the INSERT of n band rows of one article ($1); a key
// that repeats is stored once.
var insertBands = sqlByCount{build: func(n int) string {
	return `INSERT INTO fingerprint_bands(article_id, band_key) VALUES ` + valuesOfID(n) + ` ON CONFLICT DO NOTHING`
}}

// replaceBands makes fp's band keys the article's rows in fingerprint_bands.
func replaceBands(ctx context.Context, tx Tx, id string, fp govwire.Fingerprint) error {
	return replaceRows(ctx, tx, "bands", "fingerprint_bands", &insertBands, id, fp.Bands())
}

// similarity is govwire.Fingerprint.Similarity of two stored (marshalled)
// fingerprints, without decoding them: a save compares itself with up to
// maxCandidates of them. Two hashes agree when their four bytes do; a
// fingerprint of another length (damaged) matches nothing.
func similarity(a, b []byte) float64 {
	if len(a) != 4*govwire.FingerprintSize || len(b) != len(a) {
		return 0
	}
	same := 0
	for i := 0; i < len(a); i += 4 {
		if binary.LittleEndian.Uint32(a[i:]) == binary.LittleEndian.Uint32(b[i:]) {
			same++
		}
	}
	return float64(same) / govwire.FingerprintSize
}
