package main

import (
	"context"
	"fmt"

	"github.com/govwire/govwire"
)

// runReclassify recomputes the labels of every stored article with the
// current rules, then brings the index up to date.
func runReclassify(ctx context.Context, e *env, args []string) error {
	fs := e.newFlags("reclassify", "[--rules DIR]")
	rulesDir := fs.String("rules", "", "rules directory (default: rules_dir from the config, else the built-in rules)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *rulesDir != "" {
		e.cfg.RulesDir = *rulesDir
	}
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	c := a.classifier()
	var seen, changed int
	// The store reads in keyset pages ordered by fetch time, which
	// SaveClassification leaves alone, so writing during the scan is safe.
	err = a.db.ScanArticles(ctx, govwire.ArticleFilter{}, func(art *govwire.Article) error {
		seen++
		got := c.Classify(govwire.Document{ID: art.ID, Title: art.Title, Text: art.Text, URL: art.URL, Published: art.Published})
		ok, err := a.db.SaveClassification(ctx, art.ID, got)
		if ok {
			changed++
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("reclassify: %w", err)
	}
	n, err := a.ix.CatchUp(ctx, a.db)
	if err != nil {
		return fmt.Errorf("index catch-up: %w", err)
	}
	fmt.Fprintf(e.stdout, "reclassified %d articles with rules %s: %d changed, %d reindexed\n", seen, c.Ruleset(), changed, n)
	return nil
}
