package sqlcore

import (
	"context"
	"fmt"

	"github.com/govwire/govwire"
)

// ArticleTexts returns the text of each article of ids the store holds, by
// id; an id it does not hold is left out. It reads the id and text columns
// alone: a search page's snippets need nothing else, and reading the whole
// rows (ScanArticles) decoded their classification and entities too.
func (s Store) ArticleTexts(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	for _, id := range ids {
		if id == "" {
			return nil, govwire.Errorf(govwire.EINVALID, "article texts: empty id")
		}
	}
	arg, err := s.c.Dialect.ListArg(ids)
	if err != nil {
		return nil, fmt.Errorf("article texts: %w", err)
	}
	err = s.c.Read.Query(ctx, func(r Row) error {
		var id, text string
		if err := r.Scan(&id, &text); err != nil {
			return err
		}
		out[id] = text
		return nil
	}, `SELECT id, text FROM articles WHERE `+s.c.Dialect.InList("id", "$1"), arg)
	if err != nil {
		return nil, fmt.Errorf("article texts: %w", err)
	}
	return out, nil
}
