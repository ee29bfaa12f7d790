package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/export"
)

// runExport writes a labelled corpus with its datasheet and manifest.
func runExport(ctx context.Context, e *env, args []string) error {
	fs := e.newFlags("export", "--format jsonl|csv|parquet [--label L] [--since D] [--until D] [--query Q] [--source S] [--all] [--duplicates] [--no-text] [--seed S] [--split 80/10/10] --out PATH")
	format := fs.String("format", "jsonl", "jsonl, csv or parquet")
	var labels, sources multiFlag
	fs.Var(&labels, "label", "only articles with this label (repeatable, or comma-separated)")
	fs.Var(&sources, "source", "only articles from this source (repeatable)")
	since := fs.String("since", "", "published on or after this day (YYYY-MM-DD or RFC 3339)")
	until := fs.String("until", "", "published on or before this day (YYYY-MM-DD, inclusive, or RFC 3339)")
	query := fs.String("query", "", "only articles matching this search query")
	all := fs.Bool("all", false, "include off-topic articles (default: on-topic only)")
	dups := fs.Bool("duplicates", false, "include near-duplicates (default: one article per cluster, the earliest)")
	noText := fs.Bool("no-text", false, "leave out article text: metadata, labels and evidence offsets only")
	seed := fs.String("seed", export.DefaultSeed, "seed of the train/dev/test split")
	split := fs.String("split", "80/10/10", "train/dev/test percentages")
	out := fs.String("out", "", "output file (datasheet.md and manifest.json are written beside it)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("--out is required")
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	req := govwire.ExportRequest{Format: *format, Query: *query, NoText: *noText, Seed: *seed,
		Filter: govwire.ArticleFilter{Labels: labels, Sources: sources, OnTopicOnly: !*all, OnePerCluster: !*dups}}
	var err error
	if req.Filter.Since, err = parseDay("--since", *since, 0); err != nil {
		return err
	}
	if req.Filter.Until, err = parseDay("--until", *until, 24*time.Hour); err != nil {
		return err
	}
	if req.TrainRatio, req.DevRatio, err = parseSplit(*split); err != nil {
		return usagef("--split: %v", err)
	}
	a, err := openReader(ctx, e, *query != "")
	if err != nil {
		return err
	}
	defer a.Close()
	x := &export.Exporter{Store: a.db, Log: e.log}
	if a.ix != nil {
		x.Searcher = a.ix
	}
	if bar := e.progress(ctx, a, req.Filter, "exporting"); bar != nil {
		x.OnRow = func() { _ = bar.Add(1) }
		defer bar.Close()
	}
	sum, err := export.WriteCorpus(ctx, x, *out, req, "govwire "+strings.Join(os.Args[1:], " "), time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d articles (%d bytes) to %s, with datasheet.md and manifest.json\n", sum.Articles, sum.Bytes, *out)
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
