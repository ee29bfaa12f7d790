package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/govwire/govwire"
)

// ScanArticles calls fn for each article matching f, ordered by Fetched then
// ID. It reads pages of scanPageSize rows with a keyset cursor and holds no
// read transaction while fn runs, so memory stays constant and fn may write
// to the store. An error from fn stops the scan and is returned as is.
func (db *DB) ScanArticles(ctx context.Context, f govwire.ArticleFilter, fn func(*govwire.Article) error) error {
	if fn == nil {
		return govwire.Errorf(govwire.EINVALID, "scan articles: callback is nil")
	}
	where, args, err := filterSQL(f, "a")
	if err != nil {
		return fmt.Errorf("scan articles: %w", err)
	}
	base := `SELECT ` + articleCols(f.NoText) + ` FROM ` + articleFrom + ` WHERE ` + where
	var (
		more                bool
		lastFetched, lastID = int64(0), ""
	)
	for {
		q, qargs := base, slices.Clone(args)
		if more {
			q += ` AND (a.fetched, a.id) > (?, ?)`
			qargs = append(qargs, lastFetched, lastID)
		}
		q += ` ORDER BY a.fetched, a.id LIMIT ?`
		page, err := db.queryArticles(ctx, q, append(qargs, db.pageSize)...)
		if err != nil {
			return fmt.Errorf("scan articles: %w", err)
		}
		if more = len(page) == db.pageSize; more { // the cursor, before fn can touch the article
			lastFetched, lastID = unixNano(page[len(page)-1].Fetched), page[len(page)-1].ID
		}
		for _, a := range page {
			if err := fn(a); err != nil {
				return err
			}
		}
		if !more {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("scan articles: %w", err)
		}
	}
}

// CountArticles returns how many articles match f.
func (db *DB) CountArticles(ctx context.Context, f govwire.ArticleFilter) (int, error) {
	where, args, err := filterSQL(f, "a")
	if err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles a WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	return n, nil
}

// filterSQL renders f as a WHERE condition on table alias t, with its
// arguments. OnePerCluster keeps a row only when no other matching row of
// its cluster comes before it by (fetched, id).
func filterSQL(f govwire.ArticleFilter, t string) (string, []any, error) {
	conds, args, err := plainFilter(f, t)
	if err != nil {
		return "", nil, err
	}
	if f.OnePerCluster {
		const o = "o"
		oc, oargs, err := plainFilter(f, o)
		if err != nil {
			return "", nil, err
		}
		oc = append(oc, fmt.Sprintf("%[1]s.cluster_id = %[2]s.cluster_id AND (%[1]s.fetched, %[1]s.id) < (%[2]s.fetched, %[2]s.id)", o, t))
		conds = append(conds, "NOT EXISTS (SELECT 1 FROM articles "+o+" WHERE "+strings.Join(oc, " AND ")+")")
		args = append(args, oargs...)
	}
	if len(conds) == 0 {
		return "1", nil, nil
	}
	return strings.Join(conds, " AND "), args, nil
}

// plainFilter renders every condition of f except OnePerCluster.
func plainFilter(f govwire.ArticleFilter, t string) ([]string, []any, error) {
	var (
		conds []string
		args  []any
	)
	add := func(cond string, arg any) {
		conds = append(conds, strings.ReplaceAll(cond, "$", t))
		args = append(args, arg)
	}
	for _, set := range []struct {
		vals []string
		cond string
	}{
		{f.IDs, "$.id IN (SELECT value FROM json_each(?))"},
		{f.Sources, "$.source IN (SELECT value FROM json_each(?))"},
		{f.Labels, "EXISTS (SELECT 1 FROM article_labels l WHERE l.article_id = $.id AND l.label IN (SELECT value FROM json_each(?)))"},
	} {
		if len(set.vals) == 0 {
			continue
		}
		b, err := json.Marshal(set.vals)
		if err != nil {
			return nil, nil, err
		}
		add(set.cond, string(b))
	}
	for _, tc := range []struct {
		cond string
		val  any
	}{
		{"$.dated >= ?", timeArg(f.Since)},
		{"$.dated < ?", timeArg(f.Until)},
		{"$.fetched >= ?", timeArg(f.FetchedSince)},
		{"$.fetched < ?", timeArg(f.FetchedUntil)},
	} {
		if tc.val != nil {
			add(tc.cond, tc.val)
		}
	}
	if f.OnTopicOnly { // effective: the latest review wins over the rules
		conds = append(conds, strings.ReplaceAll(
			"COALESCE((SELECT rv.on_topic FROM reviews rv WHERE rv.id = $.review_id), $.on_topic) = 1", "$", t))
	}
	if f.ReviewedOnly {
		conds = append(conds, t+".review_id IS NOT NULL")
	}
	if len(f.IDs) > 0 && !validStrings(f.IDs) {
		return nil, nil, govwire.Errorf(govwire.EINVALID, "article filter: empty id")
	}
	return conds, args, nil
}

// validStrings reports whether no element of ss is empty.
func validStrings(ss []string) bool {
	for _, s := range ss {
		if s == "" {
			return false
		}
	}
	return true
}
