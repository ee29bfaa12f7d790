package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/export"
)

// exportOptions are export's flags.
type exportOptions struct {
	format, since, until, query, seed, split, out string
	labels, sources                               multiFlag
	all, dups, noText, reviewedOnly               bool
	formatSet                                     bool // --format given: else the --out extension decides
}

// newExportCmd writes a labelled corpus with its datasheet and manifest.
func newExportCmd(e *env) *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export --out PATH [flags]",
		Short: "export a labelled corpus (jsonl, csv, parquet)",
		Long: "export writes the stored articles with their labels, evidence, provenance and a deterministic\n" +
			"train/dev/test split to --out, with datasheet.md and manifest.json beside it.",
		Args: noArgs,
		RunE: e.runE(func(cmd *cobra.Command, _ []string) error {
			o.formatSet = cmd.Flags().Changed("format")
			return runExport(cmd.Context(), e, o)
		}),
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "jsonl", "`format`: jsonl, csv or parquet (default: from the --out extension, else jsonl)")
	f.Var(&o.labels, "label", "only articles with this `label` (repeatable, or comma-separated)")
	f.Var(&o.sources, "source", "only articles from this `source` (repeatable)")
	f.StringVar(&o.since, "since", "", "published on or after this `day` (YYYY-MM-DD or RFC 3339)")
	f.StringVar(&o.until, "until", "", "published on or before this `day` (YYYY-MM-DD, inclusive, or RFC 3339)")
	f.StringVar(&o.query, "query", "", "only articles matching this search `query`")
	f.BoolVar(&o.all, "all", false, "include off-topic articles (default: on-topic only)")
	f.BoolVar(&o.dups, "duplicates", false, "include near-duplicates (default: one article per cluster, the earliest)")
	f.BoolVar(&o.reviewedOnly, "reviewed-only", false, "only articles a person reviewed (their labels are the reviewer's)")
	f.BoolVar(&o.noText, "no-text", false, "leave out article text: metadata, labels and evidence offsets only")
	f.StringVar(&o.seed, "seed", export.DefaultSeed, "`seed` of the train/dev/test split")
	f.StringVar(&o.split, "split", "80/10/10", "train/dev/test `percentages`")
	f.StringVar(&o.out, "out", "", "output `file`, or a directory for <dir>/corpus.<format> (datasheet.md and manifest.json are written beside it), required")
	_ = cmd.MarkFlagRequired("out")
	_ = cmd.RegisterFlagCompletionFunc("format", fixedValues(export.Formats...))
	_ = cmd.RegisterFlagCompletionFunc("label", fixedValues(govwire.Labels...))
	_ = cmd.RegisterFlagCompletionFunc("source", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return e.completeNames(sourceNames)
	})
	return cmd
}

// runExport writes a labelled corpus. Every flag is checked before the
// data directory is opened: a usage error creates nothing.
func runExport(ctx context.Context, e *env, o exportOptions) error {
	format, query, noText, seed, all, dups, out := &o.format, &o.query, &o.noText, &o.seed, &o.all, &o.dups, &o.out
	labels, sources, since, until, split := o.labels, o.sources, &o.since, &o.until, &o.split
	if *out == "" {
		return usagef("--out is required")
	}
	given := ""
	if o.formatSet {
		given = *format
	}
	path, resolved, err := export.ResolveOut(*out, given)
	if err != nil {
		return usagef("%s", govwire.ErrorMessage(err))
	}
	req := govwire.ExportRequest{Format: resolved, Query: *query, NoText: *noText, Seed: *seed,
		Filter: govwire.ArticleFilter{Labels: labels, Sources: sources, OnTopicOnly: !*all, OnePerCluster: !*dups,
			ReviewedOnly: o.reviewedOnly}}
	if req.Filter.Since, err = parseDay("--since", *since, 0); err != nil {
		return err
	}
	if req.Filter.Until, err = parseDay("--until", *until, 24*time.Hour); err != nil {
		return err
	}
	if req.TrainRatio, req.DevRatio, err = parseSplit(*split); err != nil {
		return usagef("--split: %v", err)
	}
	if _, err := export.Normalize(req); err != nil {
		return usagef("%s", govwire.ErrorMessage(err))
	}
	if err := checkExportTarget(path); err != nil { // never overwrite what we did not write
		return err
	}
	var server govwire.Searcher // remote.go: the running server's API when serve holds the index
	if *query != "" {
		if server, err = e.serverSearcher(ctx); err != nil {
			return err
		}
	}
	a, err := openReader(ctx, e, *query != "" && server == nil)
	if err != nil {
		return err
	}
	defer a.Close()
	x := &export.Exporter{Store: a.db, Log: e.log, Searcher: server}
	if a.ix != nil {
		x.Searcher = a.ix
	}
	if bar := e.progress(ctx, a, req.Filter, "exporting"); bar != nil {
		x.OnRow = func() { _ = bar.Add(1) }
		defer bar.Close()
	}
	sum, err := export.WriteCorpus(ctx, x, path, req, "govwire "+strings.Join(os.Args[1:], " "), time.Now())
	if err != nil {
		return err
	}
	e.printf("wrote %d articles (%d bytes) to %s, with datasheet.md and manifest.json\n", sum.Articles, sum.Bytes, path)
	return nil
}

// progress returns a progress bar on a terminal, nil otherwise.
func (e *env) progress(ctx context.Context, a *app, f govwire.ArticleFilter, what string) *progressbar.ProgressBar {
	fd, ok := e.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(fd.Fd())) {
		return nil
	}
	n, err := a.db.CountArticles(ctx, f)
	if err != nil {
		return nil
	}
	return progressbar.NewOptions(n, progressbar.OptionSetWriter(e.stderr), progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(), progressbar.OptionThrottle(100*time.Millisecond))
}

// parseSplit reads "80/10/10".
func parseSplit(s string) (train, dev float64, err error) {
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return 0, 0, fmt.Errorf("%q: want three percentages like 80/10/10", s)
	}
	var p [3]float64
	for i, x := range parts {
		if p[i], err = strconv.ParseFloat(x, 64); err != nil || p[i] < 0 {
			return 0, 0, fmt.Errorf("%q: %q is not a percentage", s, x)
		}
	}
	if sum := p[0] + p[1] + p[2]; sum < 99.99 || sum > 100.01 {
		return 0, 0, fmt.Errorf("%q: percentages add up to %g, not 100", s, sum)
	}
	return p[0] / 100, p[1] / 100, nil
}
