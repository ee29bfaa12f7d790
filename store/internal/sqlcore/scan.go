package sqlcore

import (
	"context"
	"fmt"
	"strings"

	"github.com/govwire/govwire"
)

// ScanArticles calls fn for each article matching f, ordered by Fetched then
// ID. It reads pages of PageSize rows with a keyset cursor and holds no
// read transaction while fn runs, so memory stays constant and fn may write
// to the store. An error from fn stops the scan and is returned as is.
func (s Store) ScanArticles(ctx context.Context, f govwire.ArticleFilter, fn func(*govwire.Article) error) error {
	if fn == nil {
		return govwire.Errorf(govwire.EINVALID, "scan articles: callback is nil")
	}
	var (
		more                bool
		lastFetched, lastID = int64(0), ""
		size                = s.c.PageSize
	)
	for {
		w := filterSQL{d: s.c.Dialect}
		if err := w.add(f, "a"); err != nil {
			return fmt.Errorf("scan articles: %w", err)
		}
		if more {
			w.cond("(a.fetched, a.id) > (%s, %s)", lastFetched, lastID)
		}
		q := `SELECT ` + articleCols(f.NoText) + ` FROM ` + articleFrom + ` WHERE ` + w.where() +
			fmt.Sprintf(` ORDER BY a.fetched, a.id LIMIT %d`, size)
		page, err := s.queryArticles(ctx, q, w.args...)
		if err != nil {
			return fmt.Errorf("scan articles: %w", err)
		}
		if more = len(page) == size; more { // the cursor, before fn can touch the article
			lastFetched, lastID = UnixNano(page[len(page)-1].Fetched), page[len(page)-1].ID
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
func (s Store) CountArticles(ctx context.Context, f govwire.ArticleFilter) (int, error) {
	w := filterSQL{d: s.c.Dialect}
	if err := w.add(f, "a"); err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	var n int
	if err := s.c.Read.QueryRow(ctx, `SELECT COUNT(*) FROM articles a WHERE `+w.where(), w.args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	return n, nil
}

// filterSQL collects WHERE conditions with numbered ($n) arguments.
type filterSQL struct {
	d     Dialect
	conds []string
	args  []any
}

// cond adds a condition whose %s verbs are the placeholders of args.
func (w *filterSQL) cond(format string, args ...any) {
	ph := make([]any, len(args))
	for i, a := range args {
		w.args = append(w.args, a)
		ph[i] = fmt.Sprintf("$%d", len(w.args))
	}
	w.conds = append(w.conds, fmt.Sprintf(format, ph...))
}

// list adds the condition that expr is one of vals.
func (w *filterSQL) list(format, expr string, vals []string) error {
	arg, err := w.d.ListArg(vals)
	if err != nil {
		return err
	}
	w.args = append(w.args, arg)
	w.conds = append(w.conds, fmt.Sprintf(format, w.d.InList(expr, fmt.Sprintf("$%d", len(w.args)))))
	return nil
}

// where is the conjunction of the conditions, TRUE when there are none.
func (w *filterSQL) where() string {
	if len(w.conds) == 0 {
		return "TRUE"
	}
	return strings.Join(w.conds, " AND ")
}

// add renders f as conditions on table alias t. OnePerCluster keeps a row
// only when no other matching row of its cluster comes before it by
// (fetched, id).
func (w *filterSQL) add(f govwire.ArticleFilter, t string) error {
	if err := w.plain(f, t); err != nil {
		return err
	}
	if !f.OnePerCluster {
		return nil
	}
	inner := filterSQL{d: w.d, args: w.args}
	if err := inner.plain(f, "o"); err != nil {
		return err
	}
	inner.conds = append(inner.conds, fmt.Sprintf("o.cluster_id = %[1]s.cluster_id AND (o.fetched, o.id) < (%[1]s.fetched, %[1]s.id)", t))
	w.args = inner.args
	w.conds = append(w.conds, "NOT EXISTS (SELECT 1 FROM articles o WHERE "+inner.where()+")")
	return nil
}

// plain renders every condition of f except OnePerCluster.
func (w *filterSQL) plain(f govwire.ArticleFilter, t string) error {
	for _, id := range f.IDs {
		if id == "" {
			return govwire.Errorf(govwire.EINVALID, "article filter: empty id")
		}
	}
	for _, l := range []struct {
		vals         []string
		format, expr string
	}{
		{f.IDs, "%s", t + ".id"},
		{f.Sources, "%s", t + ".source"},
		{f.Labels, "EXISTS (SELECT 1 FROM article_labels l WHERE l.article_id = " + t + ".id AND %s)", "l.label"},
	} {
		if len(l.vals) == 0 {
			continue
		}
		if err := w.list(l.format, l.expr, l.vals); err != nil {
			return err
		}
	}
	for _, tc := range []struct {
		cond string
		val  any
	}{
		{".dated >= %s", timeArg(f.Since)},
		{".dated < %s", timeArg(f.Until)},
		{".fetched >= %s", timeArg(f.FetchedSince)},
		{".fetched < %s", timeArg(f.FetchedUntil)},
	} {
		if tc.val != nil {
			w.cond(t+tc.cond, tc.val)
		}
	}
	if f.OnTopicOnly { // effective: the latest review wins over the rules
		w.conds = append(w.conds, strings.ReplaceAll(
			"COALESCE((SELECT rv.on_topic FROM reviews rv WHERE rv.id = $.review_id), $.on_topic) = TRUE", "$", t))
	}
	if f.ReviewedOnly {
		w.conds = append(w.conds, t+".review_id IS NOT NULL")
	}
	return nil
}
