package index

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	_ "modernc.org/sqlite"

	"github.com/govwire/govwire"
)

// fts5 is the SQLite FTS5 baseline the benchmark report compares Bleve
// with: the same articles, porter-stemmed, with the filters and facet
// counts done in SQL.
type fts5 struct{ db *sql.DB }

const fts5Schema = `
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE docs (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
	url TEXT NOT NULL, source TEXT NOT NULL, month TEXT NOT NULL, published INTEGER NOT NULL, on_topic INTEGER NOT NULL);
CREATE TABLE tags (rowid INTEGER NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX tags_kind_value ON tags (kind, value, rowid);
CREATE INDEX tags_rowid ON tags (rowid, kind);
CREATE INDEX docs_published ON docs (published);
CREATE VIRTUAL TABLE fts USING fts5(title, text, content='docs', content_rowid='rowid', tokenize='porter unicode61');
`

func openFTS5(path string) (*fts5, error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(fts5Schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("fts5 schema: %w", err)
	}
	return &fts5{db: db}, nil
}

func (f *fts5) add(ctx context.Context, arts []*govwire.Article) error {
	tx, err := f.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	doc, _ := tx.PrepareContext(ctx, `INSERT INTO docs (id, title, text, url, source, month, published, on_topic) VALUES (?,?,?,?,?,?,?,?)`)
	tag, _ := tx.PrepareContext(ctx, `INSERT INTO tags (rowid, kind, value) VALUES (?,?,?)`)
	ft, _ := tx.PrepareContext(ctx, `INSERT INTO fts (rowid, title, text) VALUES (?,?,?)`)
	for _, a := range arts {
		d := newDoc(a)
		res, err := doc.ExecContext(ctx, a.ID, a.Title, a.Text, a.URL, a.Source, d.Month, d.Published.Unix(), a.OnTopic)
		if err != nil {
			return err
		}
		id, _ := res.LastInsertId()
		for kind, vs := range map[string][]string{"label": d.Labels, "vendor": d.Vendors, "agency": d.Agencies} {
			for _, v := range vs {
				if _, err := tag.ExecContext(ctx, id, kind, v); err != nil {
					return err
				}
			}
		}
		if _, err := ft.ExecContext(ctx, id, a.Title, a.Text); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// ftsQuery is one benchmark query in FTS5 terms.
type ftsQuery struct {
	match  string
	label  string
	vendor string
	since  int64
}

// search runs q as govwire's API would: top 20 by bm25 with snippets, the
// total, and (when facets is set) the five facet counts.
func (f *fts5) search(ctx context.Context, q ftsQuery, facets bool) (int, error) {
	where := `fts MATCH ?1 AND d.on_topic = 1`
	args := []any{q.match}
	if q.label != "" {
		where += ` AND d.rowid IN (SELECT rowid FROM tags WHERE kind = 'label' AND value = ?2)`
		args = append(args, q.label)
	} else {
		args = append(args, nil)
	}
	if q.vendor != "" {
		where += ` AND d.rowid IN (SELECT rowid FROM tags WHERE kind = 'vendor' AND value = ?3)`
	}
	args = append(args, q.vendor)
	if q.since != 0 {
		where += ` AND d.published >= ?4`
	}
	args = append(args, q.since)
	from := ` FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE ` + where
	rows, err := f.db.QueryContext(ctx, `SELECT d.id, d.title, d.url, d.source, snippet(fts, 1, '<mark>', '</mark>', '…', 32)`+from+
		` ORDER BY bm25(fts, 2.0, 1.0) LIMIT 20`, args...)
	if err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		var id, title, url, source, snip string
		if err := rows.Scan(&id, &title, &url, &source, &snip); err != nil {
			rows.Close()
			return 0, err
		}
		n++
	}
	rows.Close()
	var total int
	if err := f.db.QueryRowContext(ctx, `SELECT count(*)`+from, args...).Scan(&total); err != nil {
		return 0, err
	}
	if !facets {
		return total, nil
	}
	matched := `SELECT d.rowid` + from
	for _, sqlText := range []string{
		`SELECT value, count(*) c FROM tags WHERE kind = 'label' AND rowid IN (` + matched + `) GROUP BY value ORDER BY c DESC`,
		`SELECT value, count(*) c FROM tags WHERE kind = 'vendor' AND rowid IN (` + matched + `) GROUP BY value ORDER BY c DESC LIMIT 20`,
		`SELECT value, count(*) c FROM tags WHERE kind = 'agency' AND rowid IN (` + matched + `) GROUP BY value ORDER BY c DESC LIMIT 20`,
		`SELECT source, count(*) c FROM docs WHERE rowid IN (` + matched + `) GROUP BY source ORDER BY c DESC LIMIT 20`,
		`SELECT month, count(*) c FROM docs WHERE rowid IN (` + matched + `) GROUP BY month ORDER BY month DESC LIMIT 36`,
	} {
		rows, err := f.db.QueryContext(ctx, sqlText, args...)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", strings.Fields(sqlText)[1], err)
		}
		for rows.Next() {
		}
		rows.Close()
	}
	return total, nil
}
