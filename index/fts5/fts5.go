// Package fts5 is the baseline govwire's search benchmarks compare Bleve
// with: the same articles in SQLite FTS5 (porter-stemmed, modernc's SQLite),
// the same API query strings translated to MATCH expressions, with the
// filters, facet counts and paging done in SQL.
package fts5

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode"

	_ "modernc.org/sqlite" // the database/sql driver

	"github.com/govwire/govwire"
)

// DB is an FTS5 baseline database.
type DB struct{ db *sql.DB }

const fts5Schema = `
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE IF NOT EXISTS docs (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
	url TEXT NOT NULL, source TEXT NOT NULL, month TEXT NOT NULL, published INTEGER NOT NULL, on_topic INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS tags (rowid INTEGER NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tags_kind_value ON tags (kind, value, rowid);
CREATE INDEX IF NOT EXISTS tags_rowid ON tags (rowid, kind);
CREATE INDEX IF NOT EXISTS docs_published ON docs (published);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, text, content='docs', content_rowid='rowid', tokenize='porter unicode61');
`

// Build creates the baseline database at path (replacing one there) from
// every article scan yields, and returns it with the number of articles.
func Build(ctx context.Context, path string, scan func(func(*govwire.Article) error) error) (*DB, int, error) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return nil, 0, fmt.Errorf("fts5: %w", err)
		}
	}
	f, err := Open(path)
	if err != nil {
		return nil, 0, err
	}
	var batch []*govwire.Article
	n := 0
	flush := func() error {
		err := f.Add(ctx, batch)
		n += len(batch)
		batch = batch[:0]
		return err
	}
	err = scan(func(a *govwire.Article) error {
		if batch = append(batch, a); len(batch) == 5000 {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		f.db.Close()
		return nil, n, fmt.Errorf("fts5 build: %w", err)
	}
	return f, n, nil
}

// Open opens (or creates) the baseline database at path.
func Open(path string) (*DB, error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, fmt.Errorf("fts5: %w", err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(fts5Schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("fts5 schema: %w", err)
	}
	return &DB{db: db}, nil
}

// Close closes the database.
func (f *DB) Close() error { return f.db.Close() }

// Checkpoint folds the write-ahead log into the database file, so its size
// is the database's.
func (f *DB) Checkpoint() error {
	_, err := f.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

// Add inserts arts in one transaction.
func (f *DB) Add(ctx context.Context, arts []*govwire.Article) error {
	tx, err := f.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	doc, err := tx.PrepareContext(ctx, `INSERT INTO docs (id, title, text, url, source, month, published, on_topic) VALUES (?,?,?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	tag, err := tx.PrepareContext(ctx, `INSERT INTO tags (rowid, kind, value) VALUES (?,?,?)`)
	if err != nil {
		return err
	}
	ft, err := tx.PrepareContext(ctx, `INSERT INTO fts (rowid, title, text) VALUES (?,?,?)`)
	if err != nil {
		return err
	}
	for _, a := range arts {
		pub := a.Published
		if pub.IsZero() {
			pub = a.Fetched
		}
		res, err := doc.ExecContext(ctx, a.ID, a.Title, a.Text, a.URL, a.Source, pub.UTC().Format("2006-01"), pub.Unix(), a.OnTopic)
		if err != nil {
			return err
		}
		id, _ := res.LastInsertId()
		for kind, vs := range map[string][]string{"label": a.Labels, "vendor": a.EntityValues(govwire.EntityVendor),
			"agency": a.EntityValues(govwire.EntityAgency)} {
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

// Search runs one query string of GET /v1/search as the API would answer
// it and returns the total: a page of 20 by bm25 (or date) with snippets, the total, and the five
// facet counts. Query text is translated word by word: quoted phrases stay
// phrases, field prefixes keep title: and turn vendors:"X" into a filter,
// and the other words are OR'd, as Bleve's query string does.
func (f *DB) Search(ctx context.Context, qs string) (int, error) {
	p, err := url.ParseQuery(qs)
	if err != nil {
		return 0, err
	}
	match, vendorQ := ftsMatch(p.Get("q"))
	var where []string
	var args []any
	from := ` FROM docs d`
	if match != "" {
		from = ` FROM fts JOIN docs d ON d.rowid = fts.rowid`
		where = append(where, `fts MATCH ?`)
		args = append(args, match)
	}
	where = append(where, `d.on_topic = 1`)
	for _, t := range []struct{ kind, value string }{{"label", p.Get("label")}, {"vendor", p.Get("vendor")},
		{"vendor", vendorQ}, {"agency", p.Get("agency")}} {
		if t.value != "" {
			where = append(where, `d.rowid IN (SELECT rowid FROM tags WHERE kind = ? AND value = ?)`)
			args = append(args, t.kind, t.value)
		}
	}
	if s := p.Get("source"); s != "" {
		where = append(where, `d.source = ?`)
		args = append(args, s)
	}
	if s := p.Get("since"); s != "" {
		t, _ := time.Parse(time.DateOnly, s)
		where = append(where, `d.published >= ?`)
		args = append(args, t.Unix())
	}
	if s := p.Get("until"); s != "" {
		t, _ := time.Parse(time.DateOnly, s)
		where = append(where, `d.published < ?`)
		args = append(args, t.AddDate(0, 0, 1).Unix())
	}
	from += ` WHERE ` + strings.Join(where, ` AND `)
	order, snip := ` ORDER BY d.published DESC, d.id`, `substr(d.text, 1, 200)`
	if match != "" {
		snip = `snippet(fts, 1, '<mark>', '</mark>', '…', 32)`
		if p.Get("sort") != "date" {
			order = ` ORDER BY bm25(fts, 2.0, 1.0)`
		}
	}
	page, _ := strconv.Atoi(p.Get("page"))
	offset := max(page-1, 0) * 20
	rows, err := f.db.QueryContext(ctx, `SELECT d.id, d.title, d.url, d.source, `+snip+from+order+fmt.Sprintf(` LIMIT 20 OFFSET %d`, offset), args...)
	if err != nil {
		return 0, fmt.Errorf("fts5 page %q: %w", qs, err)
	}
	for rows.Next() {
		var id, title, u, source, s string
		if err := rows.Scan(&id, &title, &u, &source, &s); err != nil {
			rows.Close()
			return 0, err
		}
	}
	rows.Close()
	var total int
	if err := f.db.QueryRowContext(ctx, `SELECT count(*)`+from, args...).Scan(&total); err != nil {
		return 0, err
	}
	matched := `SELECT d.rowid` + from
	for _, q := range []string{
		`SELECT value, count(*) c FROM tags WHERE kind = 'label' AND rowid IN (` + matched + `) GROUP BY value ORDER BY c DESC`,
		`SELECT value, count(*) c FROM tags WHERE kind = 'vendor' AND rowid IN (` + matched + `) GROUP BY value ORDER BY c DESC LIMIT 20`,
		`SELECT value, count(*) c FROM tags WHERE kind = 'agency' AND rowid IN (` + matched + `) GROUP BY value ORDER BY c DESC LIMIT 20`,
		`SELECT source, count(*) c FROM docs WHERE rowid IN (` + matched + `) GROUP BY source ORDER BY c DESC LIMIT 20`,
		`SELECT month, count(*) c FROM docs WHERE rowid IN (` + matched + `) GROUP BY month ORDER BY month DESC LIMIT 36`,
	} {
		rows, err := f.db.QueryContext(ctx, q, args...)
		if err != nil {
			return 0, fmt.Errorf("fts5 facets: %w", err)
		}
		for rows.Next() {
		}
		rows.Close()
	}
	return total, nil
}

// ftsMatch translates Bleve query-string text into an FTS5 MATCH
// expression, and returns a vendors:"X" clause as a vendor filter. Quoted
// phrases stay phrases, title: restricts to the title column, +terms are
// all required (the others then only rank, so they are left out), and
// without +terms any term may match, as in Bleve's query string.
func ftsMatch(q string) (match, vendor string) {
	var must, should []string
	for q = strings.TrimSpace(q); q != ""; q = strings.TrimSpace(q) {
		required := strings.HasPrefix(q, "+")
		q = strings.TrimLeft(q, "+-")
		field := ""
		if i := strings.IndexAny(q, `: "`); i > 0 && q[i] == ':' {
			field, q = q[:i], q[i+1:]
		}
		var term string
		if strings.HasPrefix(q, `"`) {
			end := strings.Index(q[1:], `"`)
			if end < 0 {
				end = len(q) - 1
			}
			term, q = q[1:1+end], q[min(len(q), end+2):]
		} else {
			end := strings.IndexFunc(q, unicode.IsSpace)
			if end < 0 {
				end = len(q)
			}
			term, q = q[:end], q[end:]
		}
		if field == "vendors" || field == "vendor" {
			vendor = term
			continue
		}
		words := strings.FieldsFunc(term, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if len(words) == 0 {
			continue
		}
		phrase := `"` + strings.Join(words, " ") + `"`
		if field == "title" {
			phrase = "title : " + phrase
		}
		if required {
			must = append(must, phrase)
		} else {
			should = append(should, phrase)
		}
	}
	if len(must) > 0 {
		return strings.Join(must, " AND "), vendor
	}
	return strings.Join(should, " OR "), vendor
}
