package main

import (
	"context"
	"fmt"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/backfill"
)

// newBackfillCmd is "govwire backfill": a source's past coverage from its
// sitemaps and feed archive.
func newBackfillCmd(e *env) *cobra.Command {
	var (
		only, since, until string
		maxPages           int
		asJSON             bool
	)
	cmd := &cobra.Command{
		Use:   "backfill [flags]",
		Short: "fetch a source's past articles from its sitemaps and feed archive",
		Long: "backfill finds a source's sitemaps (robots.txt Sitemap: lines, /sitemap.xml, sitemap indexes, Google\n" +
			"News sitemaps, gzip; or sources[].backfill.sitemaps) and its paged feed archive (RFC 5005, WordPress\n" +
			"?paged=N), and fetches, extracts, classifies and stores the articles dated in the window, newest\n" +
			"first, through the same fetcher as ingest (per-host interval, robots.txt, SSRF guard). Progress is\n" +
			"kept in the store: Ctrl-C stops cleanly, and the next run skips the sitemaps already finished and\n" +
			"never fetches a stored URL. It ends with a summary (--json: one object with discovered, fetched,\n" +
			"new, updated, unchanged, skipped, failed, errors and skipped_by). docs/BACKFILL.md has examples.",
		Args: noArgs,
		RunE: e.runE(func(cmd *cobra.Command, _ []string) error {
			req := backfill.Request{Max: maxPages}
			var err error
			if req.Since, err = parseDay("--since", since, 0); err != nil {
				return err
			}
			if req.Until, err = parseDay("--until", until, 24*time.Hour); err != nil {
				return err
			}
			if maxPages < 0 {
				return usagef("--max %d: want a positive number of pages (0: no limit)", maxPages)
			}
			return runBackfill(cmd.Context(), e, only, req, asJSON)
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&only, "source", "", "backfill only the source with this `name` (default: every source)")
	fl.StringVar(&since, "since", "", "only articles published on or after this `date` (YYYY-MM-DD or RFC 3339)")
	fl.StringVar(&until, "until", "", "only articles published up to this `date` (a bare date includes its day)")
	fl.IntVar(&maxPages, "max", 0, "fetch at most `N` pages (0: no limit)")
	fl.BoolVar(&asJSON, "json", false, "print the summary as one JSON object")
	_ = cmd.RegisterFlagCompletionFunc("source", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return e.completeNames(sourceNames)
	})
	return cmd
}

// runBackfill backfills the configured sources (or one) in turn.
func runBackfill(ctx context.Context, e *env, only string, req backfill.Request, asJSON bool) error {
	var sources []govwire.Source
	for _, s := range e.cfg.Sources {
		if only == "" || s.Name == only {
			sources = append(sources, s)
		}
	}
	switch {
	case only != "" && len(sources) == 0:
		return usagef("--source: no source named %q in the config", only)
	case len(sources) == 0:
		return govwire.Errorf(govwire.EINVALID, "no sources configured: add a sources list to %s (see README)", e.configName())
	}
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	progress, ok := a.db.(govwire.BackfillStore)
	if !ok {
		return fmt.Errorf("backfill: the %T store keeps no backfill progress", a.db)
	}
	var bar *progressbar.ProgressBar
	opts := backfill.Options{Ingester: a.in, Progress: progress, Concurrency: e.cfg.Fetch.Concurrency, Log: e.log}
	if isTerminal(e.stderr) {
		opts.OnProgress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(e.stderr),
					progressbar.OptionSetDescription("backfilling"), progressbar.OptionShowCount(),
					progressbar.OptionThrottle(100*time.Millisecond))
			}
			_ = bar.Set(done)
		}
	}
	b, err := backfill.New(opts)
	if err != nil {
		return err
	}
	var sum govwire.HistorySummary
	for _, s := range sources {
		req.Source = s
		bar = nil
		one, err := b.Run(ctx, req)
		sum.Add(one)
		if bar != nil {
			_ = bar.Finish()
			fmt.Fprintln(e.stderr)
		}
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			return err
		}
	}
	sum.Finish()
	if err := printHistory(e, sum, asJSON); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return fmt.Errorf("backfill stopped: %w (run it again to go on where it stopped)", ctx.Err())
	}
	if _, ierr := a.health.failing(); ierr != nil {
		return fmt.Errorf("the articles are stored, but the search index could not be updated (it catches up on the next run): %w", ierr)
	}
	return nil
}
