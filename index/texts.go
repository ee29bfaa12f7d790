package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"

	"github.com/govwire/govwire"
)

// TextSource gives the current text of stored articles. The index does not
// keep article text (the text field is indexed with its term vectors but not
// stored, see newMapping): a page's snippets are cut from the text this
// source returns, at the locations the index recorded. govwire.ArticleStore
// is one.
type TextSource interface {
	ScanArticles(ctx context.Context, f govwire.ArticleFilter, fn func(*govwire.Article) error) error
}

// TextReader is the text-only read a TextSource may also offer, and
// pageTexts then uses: both stores do (store/internal/sqlcore texts.go).
// It reads the id and text columns of the page's articles, where
// ScanArticles reads and decodes whole rows (entities, evidence, scores).
type TextReader interface {
	// ArticleTexts returns the text of each of ids the source holds, by id.
	ArticleTexts(ctx context.Context, ids []string) (map[string]string, error)
}

// pageTexts returns the text of each of ids the text source holds. Without
// a source (Options.Texts) it returns none, and hits carry empty snippets.
func (ix *Index) pageTexts(ctx context.Context, ids []string) (map[string]string, error) {
	if ix.opt.Texts == nil || len(ids) == 0 {
		return nil, nil
	}
	if tr, ok := ix.opt.Texts.(TextReader); ok {
		out, err := tr.ArticleTexts(ctx, ids)
		if err != nil {
			return nil, fmt.Errorf("read the hits' text: %w", err)
		}
		return out, nil
	}
	out := make(map[string]string, len(ids))
	err := ix.opt.Texts.ScanArticles(ctx, govwire.ArticleFilter{IDs: ids}, func(a *govwire.Article) error {
		out[a.ID] = a.Text
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the hits' text: %w", err)
	}
	return out, nil
}

// storesText reports whether bi's mapping stores the text field, as indexes
// built before the text was taken from the store did. Such an index still
// answers the same (its stored text is never read) but is about a third
// larger, and every page of that third is mapped into memory as searches
// read the ids stored beside it; a rebuild drops it.
func storesText(bi bleve.Index) bool {
	return bi.Mapping().FieldMappingForPath(fieldText).Store
}
