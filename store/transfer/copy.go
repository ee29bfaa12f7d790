package transfer

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/govwire/govwire"
)

// DefaultBatch is how many articles one transaction copies.
const DefaultBatch = 500

// Options tune a copy.
type Options struct {
	Batch    int                   // articles per transaction; 0 is DefaultBatch
	Progress func(done, total int) // called after each batch of articles; may be nil
}

// TableReport is one table's outcome.
type TableReport struct {
	Table    string `json:"table"`
	Source   int    `json:"source_rows"`
	Copied   int    `json:"copied_rows"` // by this run
	Dest     int    `json:"dest_rows"`
	Hash     string `json:"hash"` // of every row, equal on both sides
	Verified bool   `json:"verified"`
}

// Report is what a copy did and found.
type Report struct {
	Resumed bool          `json:"resumed"` // the destination held part of the source already
	Tables  []TableReport `json:"tables"`
}

// Copy copies every table of the SQLite database src into the PostgreSQL
// pool dst (both at the same schema version), then verifies counts and
// hashes. It returns an error when they differ.
func Copy(ctx context.Context, src *sql.DB, dst *pgxpool.Pool, o Options) (*Report, error) {
	if o.Batch <= 0 {
		o.Batch = DefaultBatch
	}
	rep := &Report{}
	from, err := resumePoint(ctx, src, dst)
	if err != nil {
		return nil, err
	}
	rep.Resumed = from > 0
	copied := map[string]int{}
	if err := copyArticles(ctx, src, dst, from, o, copied); err != nil {
		return nil, err
	}
	for _, t := range small {
		n, err := copyTable(ctx, src, dst, t)
		if err != nil {
			return nil, err
		}
		copied[t.name] = n
	}
	if err := finishSequences(ctx, dst); err != nil {
		return nil, err
	}
	var bad []string
	for _, t := range all {
		tr, err := verify(ctx, src, dst, t)
		if err != nil {
			return nil, err
		}
		tr.Copied = copied[t.name]
		if !tr.Verified {
			bad = append(bad, fmt.Sprintf("%s (%d rows in the source, %d in the destination)", t.name, tr.Source, tr.Dest))
		}
		rep.Tables = append(rep.Tables, tr)
	}
	if len(bad) > 0 {
		return rep, fmt.Errorf("verify copy: differs in %s", strings.Join(bad, ", "))
	}
	return rep, nil
}

// resumePoint returns the highest article seq the destination holds after
// checking that its articles are exactly the source's up to there: a
// partial copy of this source. Anything else is refused.
func resumePoint(ctx context.Context, src *sql.DB, dst *pgxpool.Pool) (int64, error) {
	var (
		maxSeq int64
		n      int
	)
	if err := dst.QueryRow(ctx, `SELECT COALESCE(MAX(seq), 0), COUNT(*) FROM articles`).Scan(&maxSeq, &n); err != nil {
		return 0, fmt.Errorf("read destination: %w", err)
	}
	if n == 0 {
		return 0, nil
	}
	var srcN int
	if err := src.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE seq <= ?`, maxSeq).Scan(&srcN); err != nil {
		return 0, fmt.Errorf("read source: %w", err)
	}
	if srcN != n {
		return 0, govwire.Errorf(govwire.EINVALID, "the destination holds %d articles that are not a partial copy of this source "+
			"(the source has %d up to the destination's highest sequence number %d): migrate into an empty database or schema", n, srcN, maxSeq)
	}
	return maxSeq, nil
}

// copyArticles copies the articles above seq from, with their labels and
// bands, a batch per transaction.
func copyArticles(ctx context.Context, src *sql.DB, dst *pgxpool.Pool, from int64, o Options, copied map[string]int) error {
	var total int
	if err := src.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles`).Scan(&total); err != nil {
		return fmt.Errorf("count source articles: %w", err)
	}
	var done int
	if err := src.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE seq <= ?`, from).Scan(&done); err != nil {
		return fmt.Errorf("count source articles: %w", err)
	}
	for {
		rows, err := readRows(ctx, src, articles, `SELECT `+articles.colList()+` FROM articles WHERE seq > ? ORDER BY seq LIMIT ?`, from, o.Batch)
		if err != nil {
			return fmt.Errorf("read articles: %w", err)
		}
		if len(rows) == 0 {
			return nil
		}
		ids := make([]any, len(rows))
		for i, r := range rows {
			ids[i] = r[0]
		}
		in := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + ")"
		labels, err := readRows(ctx, src, articleLabels, `SELECT `+articleLabels.colList()+` FROM article_labels WHERE article_id IN `+in, ids...)
		if err != nil {
			return fmt.Errorf("read labels: %w", err)
		}
		bandRows, err := readRows(ctx, src, bands, `SELECT `+bands.colList()+` FROM fingerprint_bands WHERE article_id IN `+in, ids...)
		if err != nil {
			return fmt.Errorf("read bands: %w", err)
		}
		err = pgx.BeginFunc(ctx, dst, func(tx pgx.Tx) error {
			for _, part := range []struct {
				t    table
				rows [][]any
			}{{articles, rows}, {articleLabels, labels}, {bands, bandRows}} {
				if _, err := tx.CopyFrom(ctx, pgx.Identifier{part.t.name}, part.t.cols, pgx.CopyFromRows(part.rows)); err != nil {
					return fmt.Errorf("copy %s: %w", part.t.name, err)
				}
				copied[part.t.name] += len(part.rows)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("write batch after seq %d: %w", from, err)
		}
		from = rows[len(rows)-1][seqCol].(int64)
		done += len(rows)
		if o.Progress != nil {
			o.Progress(done, total)
		}
	}
}

// seqCol is the index of seq in articles.cols.
var seqCol = func() int {
	for i, c := range articles.cols {
		if c == "seq" {
			return i
		}
	}
	panic("articles has no seq column")
}()

// copyTable copies every row of t that the destination lacks.
func copyTable(ctx context.Context, src *sql.DB, dst *pgxpool.Pool, t table) (int, error) {
	rows, err := readRows(ctx, src, t, `SELECT `+t.colList()+` FROM `+t.name+` ORDER BY `+t.keyList())
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", t.name, err)
	}
	ph := make([]string, len(t.cols))
	for i := range ph {
		ph[i] = fmt.Sprintf("$%d", i+1)
	}
	q := `INSERT INTO ` + t.name + ` (` + t.colList() + `) VALUES (` + strings.Join(ph, ", ") + `) ON CONFLICT DO NOTHING`
	n := 0
	err = pgx.BeginFunc(ctx, dst, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		for _, r := range rows {
			b.Queue(q, r...)
		}
		res := tx.SendBatch(ctx, b)
		for range rows {
			tag, err := res.Exec()
			if err != nil {
				res.Close()
				return err
			}
			n += int(tag.RowsAffected())
		}
		return res.Close()
	})
	if err != nil {
		return 0, fmt.Errorf("copy %s: %w", t.name, err)
	}
	return n, nil
}

// finishSequences sets the change counter to the highest article seq and
// the fetch log's id sequence past the copied ids.
func finishSequences(ctx context.Context, dst *pgxpool.Pool) error {
	_, err := dst.Exec(ctx, `UPDATE change_seq SET seq = (SELECT COALESCE(MAX(seq), 0) FROM articles) WHERE id = 1`)
	if err != nil {
		return fmt.Errorf("set change sequence: %w", err)
	}
	_, err = dst.Exec(ctx, `SELECT setval(pg_get_serial_sequence('fetch_log', 'id'), GREATEST((SELECT MAX(id) FROM fetch_log), 1))`)
	if err != nil {
		return fmt.Errorf("set fetch log sequence: %w", err)
	}
	_, err = dst.Exec(ctx, `SELECT setval(pg_get_serial_sequence('reviews', 'id'), GREATEST((SELECT MAX(id) FROM reviews), 1))`)
	if err != nil {
		return fmt.Errorf("set reviews sequence: %w", err)
	}
	return nil
}

// readRows reads every row of q from SQLite as values ready for t's
// PostgreSQL columns.
func readRows(ctx context.Context, src *sql.DB, t table, q string, args ...any) ([][]any, error) {
	rs, err := src.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out [][]any
	for rs.Next() {
		vals, err := scanValues(rs, len(t.cols))
		if err != nil {
			return nil, err
		}
		for i, c := range t.cols {
			if v, ok := vals[i].(int64); ok && t.bools[c] {
				vals[i] = v != 0
			}
		}
		out = append(out, vals)
	}
	return out, rs.Err()
}

// scanValues reads the current row of n columns as the driver's values.
func scanValues(rs *sql.Rows, n int) ([]any, error) {
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	return vals, rs.Scan(ptrs...)
}
