package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/govwire/govwire"
)

// newReclassifyCmd recomputes the labels of every stored article.
func newReclassifyCmd(e *env) *cobra.Command {
	var rulesDir string
	cmd := &cobra.Command{
		Use:   "reclassify [flags]",
		Short: "recompute labels of stored articles with the current rules",
		Long:  "reclassify recomputes every stored article's labels with the current rules, then brings the index up to date.",
		Args:  noArgs,
		RunE:  e.runE(func(cmd *cobra.Command, _ []string) error { return runReclassify(cmd.Context(), e, rulesDir) }),
	}
	rulesFlag(cmd, &rulesDir)
	return cmd
}

// runReclassify recomputes the labels of every stored article with the
// current rules, then brings the index up to date.
func runReclassify(ctx context.Context, e *env, rulesDir string) error {
	if rulesDir != "" {
		e.cfg.RulesDir = rulesDir
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
	e.printf("reclassified %d articles with rules %s: %d changed, %d reindexed\n", seen, c.Ruleset(), changed, n)
	return nil
}
