package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index"
)

// indexPath is where the Bleve index lives.
func (e *env) indexPath() string { return filepath.Join(e.cfg.DataDir, "index.bleve") }

// storePath is where the SQLite store lives.
func (e *env) storePath() string { return filepath.Join(e.cfg.DataDir, "govwire.db") }

// multiFlag is a repeatable string flag; a comma-separated value counts
// as several.
type multiFlag []string

func (m *multiFlag) String() string { return strings.Join(*m, ",") }

// Type names the value in help: a list of strings.
func (m *multiFlag) Type() string { return "strings" }

// Set adds the comma-separated values of v.
func (m *multiFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*m = append(*m, s)
		}
	}
	return nil
}

// searchOptions are search's flags.
type searchOptions struct {
	sq           govwire.SearchQuery
	since, until string
	all, asJSON  bool
}

// newSearchCmd searches the index from the command line.
func newSearchCmd(e *env) *cobra.Command {
	var o searchOptions
	cmd := &cobra.Command{
		Use:   "search [flags] QUERY",
		Short: "search the index from the command line",
		Long: "search runs QUERY (the words of all arguments, in the query syntax of docs/API.md) against the index,\n" +
			"after the index catches up with the store, and prints the hits as text or JSON. Flags may come after\n" +
			"the query; a query word that starts with - goes after --: govwire search -- cloud -oracle.",
		RunE: e.runE(func(cmd *cobra.Command, args []string) error { return runSearch(cmd.Context(), e, o, args) }),
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		if strings.Contains(err.Error(), "shorthand flag") {
			return usagef("%v (a query word that starts with - goes after --: govwire search -- cloud -oracle)", err)
		}
		return usageError{err.Error()}
	})
	f := cmd.Flags()
	sq := &o.sq
	f.Var((*multiFlag)(&sq.Labels), "label", "only articles with this `label` (repeatable: any of them)")
	f.Var((*multiFlag)(&sq.Vendors), "vendor", "only articles naming this `vendor` (repeatable)")
	f.Var((*multiFlag)(&sq.Agencies), "agency", "only articles naming this `agency` (repeatable)")
	f.Var((*multiFlag)(&sq.Programmes), "programme", "only articles naming this `programme` (repeatable)")
	f.Var((*multiFlag)(&sq.Sources), "source", "only articles from this `source` (repeatable)")
	f.StringVar(&o.since, "since", "", "published on or after this `day` (YYYY-MM-DD or RFC 3339)")
	f.StringVar(&o.until, "until", "", "published on or before this `day` (YYYY-MM-DD, inclusive, or RFC 3339)")
	f.StringVar(&sq.Sort, "sort", "relevance", "`order`: relevance or date")
	f.IntVar(&sq.Size, "size", govwire.DefaultPageSize, fmt.Sprintf("hits per page (at most %d)", govwire.MaxPageSize))
	f.IntVar(&sq.Page, "page", 1, "page `number`")
	f.StringVar(&sq.After, "after", "", "`cursor` printed after the previous page, for deep paging")
	f.BoolVar(&sq.Collapse, "collapse", false, "one hit per near-duplicate story")
	f.BoolVar(&o.all, "all", false, "include off-topic articles")
	f.BoolVar(&o.asJSON, "json", false, "print the result as JSON")
	_ = cmd.RegisterFlagCompletionFunc("label", fixedValues(govwire.Labels...))
	_ = cmd.RegisterFlagCompletionFunc("sort", fixedValues("relevance", "date"))
	_ = cmd.RegisterFlagCompletionFunc("source", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return e.completeNames(sourceNames)
	})
	return cmd
}

// runSearch searches the index and prints the hits as text or JSON. When
// the store exists, the index first catches up with it.
func runSearch(ctx context.Context, e *env, o searchOptions, args []string) error {
	sq, since, until, all, asJSON := o.sq, &o.since, &o.until, &o.all, &o.asJSON
	sq.Q = strings.Join(args, " ")
	var err error
	if sq.Since, err = parseDay("--since", *since, 0); err != nil {
		return err
	}
	if sq.Until, err = parseDay("--until", *until, 24*time.Hour); err != nil {
		return err
	}
	if *all {
		everything := false
		sq.OnTopic = &everything
	}
	res, err := e.searchAnywhere(ctx, sq) // remote.go: the running server's API when serve holds the index
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	printHits(e.stdout, res, sq, isTerminal(e.stdout))
	return nil
}

// parseDay parses a --since or --until value: YYYY-MM-DD (midnight UTC,
// plus shift: 24h makes --until include that day) or an RFC 3339 time
// (taken as is); "" is the zero time.
func parseDay(flag, s string, shift time.Duration) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Add(shift), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return t, usagef("%s %q: want a date like 2026-11-26 or a time like 2026-11-26T09:00:00Z", flag, s)
	}
	return t, nil
}

// openIndex opens the index, which must exist, and catches it up with the
// store when there is one. The store stays open with the index, which takes
// its hits' text from it; Close closes both.
func (e *env) openIndex(ctx context.Context) (*storeIndex, error) {
	if _, err := os.Stat(e.indexPath()); err != nil {
		return nil, govwire.Errorf(govwire.EUNAVAILABLE, "no search index at %s: run govwire ingest or govwire reindex first", e.indexPath())
	}
	if !e.haveStore() {
		ix, err := index.Open(e.indexPath(), e.log)
		if err != nil {
			return nil, err
		}
		return &storeIndex{Index: ix}, nil
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return nil, err
	}
	ix, err := index.OpenWith(e.indexPath(), index.Options{Log: e.log, Texts: st})
	if err != nil {
		e.closeLogged("store", st)
		return nil, err
	}
	si := &storeIndex{Index: ix, st: st}
	if _, err := ix.CatchUp(ctx, st); err != nil {
		e.closeLogged("index", si)
		return nil, err
	}
	return si, nil
}

// storeIndex is an index opened with the store its hits' text comes from.
type storeIndex struct {
	*index.Index
	st io.Closer // nil without a store
}

// Close closes the index, then the store.
func (s *storeIndex) Close() error {
	err := s.Index.Close()
	if s.st != nil {
		err = errors.Join(err, s.st.Close())
	}
	return err
}

func isTerminal(w io.Writer) bool {
	if o, ok := w.(*outWriter); ok {
		w = o.w
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// printHits writes a page of hits for people. Snippets lose their HTML:
// matches are bold on a terminal and plain elsewhere.
func printHits(w io.Writer, res *govwire.SearchResult, sq govwire.SearchQuery, tty bool) {
	first := 1
	if sq.Page > 1 {
		first = (sq.Page-1)*sq.Size + 1
	}
	// w is the command's outWriter, which keeps a write error for the end.
	_, _ = fmt.Fprintf(w, "%d hits (%.1f ms)\n", res.Total, res.TookMS)
	on, off := "", ""
	if tty {
		on, off = "\x1b[1m", "\x1b[0m"
	}
	for i, h := range res.Hits {
		date := "undated"
		if !h.Published.IsZero() {
			date = h.Published.Format("2006-01-02")
		}
		_, _ = fmt.Fprintf(w, "\n%d. %s\n   %s  %s  [%s]\n   %s\n", first+i, oneLine(h.Title), date, h.Source, strings.Join(h.Labels, ", "), h.URL)
		_, _ = fmt.Fprintf(w, "   %s\n", plainSnippet(h.Snippet, on, off))
	}
	if res.Next != "" {
		_, _ = fmt.Fprintf(w, "\nmore: --after %s\n", res.Next)
	}
}

// plainSnippet turns an HTML snippet into text, with on and off around
// the matches.
func plainSnippet(snip, on, off string) string {
	var b strings.Builder
	for i, part := range strings.Split(snip, "<mark>") {
		if i > 0 {
			b.WriteString(on)
		}
		m, rest, found := strings.Cut(part, "</mark>")
		b.WriteString(oneLine(html.UnescapeString(m)))
		if found {
			b.WriteString(off)
			b.WriteString(oneLine(html.UnescapeString(rest)))
		}
	}
	return b.String()
}

// oneLine turns control characters (escape sequences included) into
// spaces, so hostile text cannot drive the terminal. It keeps a leading or
// trailing space, which separates words around a match.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
}
