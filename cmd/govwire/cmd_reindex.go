package main

import (
	"context"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index"
)

// newReindexCmd rebuilds the search index from the store.
func newReindexCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "reindex",
		Short: "rebuild the search index from the store",
		Long: "reindex rebuilds the search index from the store into a new directory and swaps it in, with a\n" +
			"progress bar on a terminal. govwire serve must not be running: it holds the index open.",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("reindex takes no arguments")
			}
			return nil
		},
		RunE: e.runE(func(cmd *cobra.Command, _ []string) error { return runReindex(cmd.Context(), e) }),
	}
}

// runReindex rebuilds the search index from the store into a new directory
// and swaps it in (index.Rebuild refuses while serve holds it open).
func runReindex(ctx context.Context, e *env) error {
	if !e.haveStore() {
		return govwire.Errorf(govwire.EINVALID, "no store at %s: nothing to index (check data_dir)", e.storePath())
	}
	lock, err := lockDataDir(e.cfg.DataDir)
	if err != nil {
		return err
	}
	defer lock.Unlock()
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer e.closeLogged("store", st)

	var bar *progressbar.ProgressBar
	progress := func(done, total int) {}
	if isTerminal(e.stderr) {
		progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(e.stderr),
					progressbar.OptionSetDescription("indexing"), progressbar.OptionShowCount(),
					progressbar.OptionShowIts(), progressbar.OptionSetItsString("articles"),
					progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
			}
			_ = bar.Set(done) // a progress bar that cannot draw is no failure
		}
	}
	defer index.BulkGC()()
	start := time.Now()
	n := 0
	err = index.Rebuild(ctx, st, e.indexPath(), func(done, total int) { n = done; progress(done, total) }, e.log)
	if bar != nil {
		_ = bar.Finish()
	}
	if err != nil {
		return err
	}
	el := time.Since(start)
	e.printf("reindexed %d articles into %s in %s (%.0f articles/s)\n",
		n, e.indexPath(), el.Round(time.Millisecond), float64(n)/max(el.Seconds(), 1e-9))
	return nil
}
