package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/importer"
)

// importFlags are the flags of both import commands.
type importFlags struct {
	asJSON       bool
	source       string
	keepOffTopic bool
	noPrefilter  bool
	digests      string
	workers      int
}

// newImportCmd is "govwire import warc|jsonl".
func newImportCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import warc|jsonl FILE...",
		Short: "store articles from web archives (WARC) or JSON Lines files",
		Long: "import reads articles gathered elsewhere and stores them through the same extraction, classification,\n" +
			"near-duplicate clustering and index as ingest, with their provenance (via warc or import, the file,\n" +
			"the WARC record's id, offset and capture date, or the line). It ends with a summary (--json: one\n" +
			"object with discovered, fetched, new, updated, unchanged, skipped, failed, errors and skipped_by).\n" +
			"Ctrl-C stops cleanly; articles already stored are skipped when the file is imported again.",
		Args: noArgs,
	}
	cmd.AddCommand(newImportWARCCmd(e), newImportJSONLCmd(e))
	return cmd
}

func newImportWARCCmd(e *env) *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:   "warc FILE...",
		Short: "store the on-topic HTML pages of WARC files (plain or .warc.gz; - for stdin)",
		Long: "import warc reads WARC files (plain, or gzip per record as .warc.gz files are; - reads stdin) and\n" +
			"stores the HTML pages of their HTTP 200 response records that the classifier finds on topic. A cheap\n" +
			"pre-filter (the classifier's own term automaton over the page's text) skips pages that cannot be on\n" +
			"topic before extraction. Requests, revisits, metadata, non-HTML and non-200 responses are skipped and\n" +
			"counted by reason; a corrupt or truncated record is reported with its offset and skipped.",
		Args: cobra.MinimumNArgs(1),
		RunE: e.runE(func(cmd *cobra.Command, args []string) error {
			return runImport(cmd.Context(), e, f, args, (*importer.Importer).WARC)
		}),
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.asJSON, "json", false, "print the summary as one JSON object")
	fl.StringVar(&f.source, "source", "", "source `name` stored with every article (default: the page's host name)")
	fl.BoolVar(&f.keepOffTopic, "keep-off-topic", false, "store pages classified off topic too")
	fl.BoolVar(&f.noPrefilter, "no-prefilter", false, "extract and classify every HTML page (slower; the same articles are stored)")
	fl.StringVar(&f.digests, "digests", importer.DigestsAuto, "which records' block and payload digests are checked: `auto` (plain records; a .warc.gz "+
		"member's gzip CRC already catches damage), verify (every record), skip (none: archives you trust)")
	fl.IntVar(&f.workers, "workers", 0, "records parsed, filtered, extracted and stored at once (default: twice the number of CPUs, at least 4)")
	return cmd
}

func newImportJSONLCmd(e *env) *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:   "jsonl FILE",
		Short: "store articles from a JSON Lines file (url, title, text, published; optional html)",
		Long: "import jsonl reads one article a line: url (required), title, text, published (RFC 3339 or\n" +
			"YYYY-MM-DD), and optionally html (extracted like a fetched page), author and source. Every article\n" +
			"is stored, on topic or not. Bad lines are reported with their line number; the rest go on.",
		Args: cobra.ExactArgs(1),
		RunE: e.runE(func(cmd *cobra.Command, args []string) error {
			return runImport(cmd.Context(), e, f, args, (*importer.Importer).JSONL)
		}),
	}
	cmd.Flags().BoolVar(&f.asJSON, "json", false, "print the summary as one JSON object")
	return cmd
}

// importFunc is Importer.WARC or Importer.JSONL.
type importFunc func(im *importer.Importer, ctx context.Context, name string, r io.Reader) (govwire.HistorySummary, error)

// runImport imports each file in turn and prints one summary.
func runImport(ctx context.Context, e *env, f importFlags, files []string, fn importFunc) error {
	switch f.digests {
	case "", importer.DigestsAuto, importer.DigestsVerify, importer.DigestsSkip:
	default:
		return govwire.Errorf(govwire.EINVALID, "--digests %q: want auto, verify or skip", f.digests)
	}
	inputs, total, err := openInputs(e, files)
	if err != nil {
		return err
	}
	defer func() {
		for _, in := range inputs {
			in.Close()
		}
	}()
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	opts := importer.Options{Ingester: a.in, Source: f.source, KeepOffTopic: f.keepOffTopic,
		MaxPageBytes: e.cfg.Fetch.MaxBodyBytes, Log: e.log, Digests: f.digests, Workers: f.workers}
	if !f.noPrefilter {
		opts.MayBeOnTopic = func(text string) bool { return a.rules.Current().MayBeOnTopic(text) }
	}
	bar, done := e.byteBar(total, "importing"), int64(0)
	if bar != nil {
		opts.OnRecord = func(off int64) { _ = bar.Set64(done + off) }
	}
	im, err := importer.New(opts)
	if err != nil {
		return err
	}
	var sum govwire.HistorySummary
	for i, in := range inputs {
		s, err := fn(im, ctx, files[i], in)
		sum.Add(s)
		if err != nil {
			break // ctx ended (Ctrl-C) or the file could not be read: report what was done
		}
		done += in.size
	}
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(e.stderr)
	}
	sum.Finish()
	if err := printHistory(e, sum, f.asJSON); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return fmt.Errorf("import stopped: %w (run it again to go on: stored articles are skipped)", ctx.Err())
	}
	if _, ierr := a.health.failing(); ierr != nil {
		return fmt.Errorf("the articles are stored, but the search index could not be updated (it catches up on the next run): %w", ierr)
	}
	return nil
}

// input is one opened import file.
type input struct {
	io.Reader
	size  int64 // -1 for stdin
	close func() error
}

func (in input) Close() error {
	if in.close != nil {
		return in.close()
	}
	return nil
}

// openInputs opens every file before anything is imported, so a missing
// one is a usage error, not a half-done import.
func openInputs(e *env, files []string) ([]input, int64, error) {
	var out []input
	total := int64(0)
	for _, name := range files {
		if name == "-" {
			out = append(out, input{Reader: e.stdin, size: -1})
			total = -1
			continue
		}
		fh, err := os.Open(name)
		if err != nil {
			for _, in := range out {
				in.Close()
			}
			return nil, 0, govwire.Errorf(govwire.EINVALID, "open %s: %v", name, err)
		}
		st, err := fh.Stat()
		if err != nil || st.IsDir() {
			fh.Close()
			for _, in := range out {
				in.Close()
			}
			return nil, 0, govwire.Errorf(govwire.EINVALID, "%s is not a readable file", name)
		}
		out = append(out, input{Reader: fh, size: st.Size(), close: fh.Close})
		if total >= 0 {
			total += st.Size()
		}
	}
	return out, total, nil
}

// byteBar returns a progress bar over total bytes on a terminal (a
// spinner when total is unknown), nil otherwise.
func (e *env) byteBar(total int64, what string) *progressbar.ProgressBar {
	if !isTerminal(e.stderr) {
		return nil
	}
	return progressbar.NewOptions64(total, progressbar.OptionSetWriter(e.stderr), progressbar.OptionSetDescription(what),
		progressbar.OptionShowBytes(true), progressbar.OptionThrottle(100*time.Millisecond))
}

// printHistory prints a backfill or import summary: one JSON line, or a
// line of counts with the skip reasons and errors.
func printHistory(e *env, s govwire.HistorySummary, asJSON bool) error {
	if asJSON {
		return json.NewEncoder(e.stdout).Encode(s)
	}
	e.printf("%s\n", s)
	for _, reason := range slices.Sorted(maps.Keys(s.SkippedBy)) {
		e.printf("  skipped %d: %s\n", s.SkippedBy[reason], reason)
	}
	for _, er := range s.Errors {
		where := er.File
		switch {
		case er.Line > 0:
			where = fmt.Sprintf("%s:%d", er.File, er.Line)
		case er.File != "":
			where = fmt.Sprintf("%s@%d", er.File, er.Offset)
		case er.Source != "":
			where = er.Source
		}
		e.printf("  %s: %s: %s\n", where, er.URL, er.Error)
	}
	return nil
}
