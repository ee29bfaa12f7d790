package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/classify/quality"
)

// reviewLine is one line of reviews export and import: an item of the gold
// format of eval --gold (id, title, text, url, published, on_topic, labels)
// with who reviewed it, when, why and against which rule set. eval --gold
// reads the file as it is (the extra keys are ignored).
type reviewLine struct {
	quality.GoldItem
	OnTopic  *bool     `json:"on_topic"` // required on import
	Reviewer string    `json:"reviewer,omitempty"`
	At       time.Time `json:"at,omitzero"`
	Note     string    `json:"note,omitempty"`
	Ruleset  string    `json:"ruleset,omitempty"`
}

// maxImportErrors bounds the bad lines one import reports.
const maxImportErrors = 20

// newReviewsCmd groups "reviews export" and "reviews import".
func newReviewsCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "reviews export|import",
		Short: "export or import label reviews as JSON Lines (the gold format of eval --gold)",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q for %q (want export or import)", args[0], cmd.CommandPath())
			}
			return cmd.Help()
		},
	}
	var out string
	exp := &cobra.Command{
		Use:   "export [--out FILE]",
		Short: "write every reviewed article with its latest review, one JSON line each",
		Long: "reviews export writes one JSON line per reviewed article: id, title, text, url, published and the latest\n" +
			"review's on_topic and labels (the gold format of eval --gold, so the file is a gold set as it is), with\n" +
			"reviewer, at, note and ruleset. It only reads: it runs next to serve.",
		Args: noArgs,
		RunE: e.runE(func(cmd *cobra.Command, _ []string) error { return runReviewsExport(cmd.Context(), e, out) }),
	}
	exp.Flags().StringVar(&out, "out", "", "output `file` (default: stdout)")
	var reviewer string
	imp := &cobra.Command{
		Use:   "import FILE|-",
		Short: "record the reviews of a JSON Lines file (reviews export's format, or a gold file)",
		Long: "reviews import reads JSON Lines (id and on_topic required; labels, note, reviewer, at optional; title and\n" +
			"text ignored) and records each line as a review of the stored article with that id. Every line is checked\n" +
			"first (errors name the line); a bad line means nothing is written. A line whose review the article already\n" +
			"has (same decision, note and reviewer, and the same time when given) is skipped, so importing a file twice\n" +
			"changes nothing. The index catches up at the end.",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("reviews import wants one FILE (or - for stdin)")
			}
			return nil
		},
		RunE: e.runE(func(cmd *cobra.Command, args []string) error {
			return runReviewsImport(cmd.Context(), e, args[0], reviewer)
		}),
	}
	imp.Flags().StringVar(&reviewer, "reviewer", "import", "reviewer `name` for lines that name none")
	cmd.AddCommand(exp, imp)
	return cmd
}

// reviewedItems returns every reviewed article as a review line, in the
// store's scan order (first stored first).
func reviewedItems(ctx context.Context, st govwire.ArticleStore) ([]reviewLine, error) {
	var out []reviewLine
	err := st.ScanArticles(ctx, govwire.ArticleFilter{ReviewedOnly: true}, func(a *govwire.Article) error {
		if a.Review == nil {
			return nil
		}
		r := a.Review
		onTopic := r.OnTopic
		l := reviewLine{GoldItem: quality.GoldItem{ID: a.ID, Title: a.Title, Text: a.Text, URL: a.URL,
			OnTopic: r.OnTopic, Labels: r.Labels}, OnTopic: &onTopic,
			Reviewer: r.Reviewer, At: r.At, Note: r.Note, Ruleset: r.Ruleset}
		if !a.Published.IsZero() {
			l.Published = a.Published.UTC().Format(time.RFC3339)
		}
		if l.Labels == nil {
			l.Labels = []string{}
		}
		out = append(out, l)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read reviews: %w", err)
	}
	return out, nil
}

// reviewGold returns the reviewed articles of the store as gold items:
// what eval --reviews and rules lint --reviews measure against.
func reviewGold(ctx context.Context, e *env) ([]quality.GoldItem, error) {
	a, err := openReader(ctx, e, false)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	lines, err := reviewedItems(ctx, a.db)
	if err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		return nil, govwire.Errorf(govwire.EINVALID, "no reviewed articles in the store: review some first (PUT /v1/articles/{id}/review, the web page, or govwire reviews import)")
	}
	gold := make([]quality.GoldItem, len(lines))
	for i, l := range lines {
		gold[i] = l.GoldItem
	}
	return gold, nil
}

// runReviewsExport writes the reviewed articles as JSON Lines.
func runReviewsExport(ctx context.Context, e *env, out string) error {
	a, err := openReader(ctx, e, false)
	if err != nil {
		return err
	}
	defer a.Close()
	lines, err := reviewedItems(ctx, a.db)
	if err != nil {
		return err
	}
	w := e.stdout
	var f *os.File
	if out != "" {
		if f, err = os.Create(out); err != nil {
			return govwire.Errorf(govwire.EINVALID, "--out %s: %v", out, err)
		}
		w = f
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			return errors.Join(fmt.Errorf("write reviews: %w", err), closeFile(f))
		}
	}
	if err := bw.Flush(); err != nil {
		return errors.Join(fmt.Errorf("write reviews: %w", err), closeFile(f))
	}
	if err := closeFile(f); err != nil {
		return fmt.Errorf("write reviews: %w", err)
	}
	if out != "" {
		e.printf("exported %d reviewed articles to %s\n", len(lines), out)
	}
	return nil
}

// closeFile closes f when it is not nil.
func closeFile(f *os.File) error {
	if f == nil {
		return nil
	}
	return f.Close()
}

// runReviewsImport checks every line of path, then records the reviews the
// store does not have yet and brings the index up to date.
func runReviewsImport(ctx context.Context, e *env, path, reviewer string) error {
	var r io.Reader = e.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return govwire.Errorf(govwire.EINVALID, "reviews file %s: %v", path, err)
		}
		defer f.Close()
		r = f
	} else {
		path = "stdin"
	}
	lines, err := parseReviewLines(r, path, reviewer)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := checkArticles(ctx, a.db, lines, path); err != nil {
		return err
	}
	saved, skipped := 0, 0
	for _, l := range lines {
		rev := l.review()
		hist, err := a.db.Reviews(ctx, l.ID)
		if err != nil {
			return err
		}
		if hasReview(hist, rev, !l.At.IsZero()) {
			skipped++
			continue
		}
		if _, err := a.db.SaveReview(ctx, l.ID, rev); err != nil {
			return fmt.Errorf("%s line %d: %w", path, l.line, err)
		}
		saved++
	}
	n, err := a.ix.CatchUp(ctx, a.db)
	if err != nil {
		return fmt.Errorf("index catch-up: %w", err)
	}
	e.printf("imported %d reviews from %s: %d new, %d already there; %d articles reindexed\n", len(lines), path, saved, skipped, n)
	return nil
}

// numberedLine is a parsed review line with its line number.
type numberedLine struct {
	reviewLine
	line int
}

// review is the line's decision as a Review to save.
func (l numberedLine) review() govwire.Review {
	r := govwire.Review{ArticleID: l.ID, OnTopic: *l.OnTopic, Labels: l.Labels, Note: strings.TrimSpace(l.Note),
		Reviewer: l.Reviewer, At: l.At, Ruleset: l.Ruleset}
	r.Normalize() // labels were checked when parsed
	return r
}

// parseReviewLines reads and checks every line, collecting up to
// maxImportErrors errors, each naming the file and line.
func parseReviewLines(r io.Reader, name, reviewer string) ([]numberedLine, error) {
	var (
		out  []numberedLine
		errs []string
		seen = map[string]int{}
	)
	fail := func(n int, format string, args ...any) {
		if len(errs) < maxImportErrors {
			errs = append(errs, fmt.Sprintf("%s line %d: ", name, n)+fmt.Sprintf(format, args...))
		}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var l reviewLine
		dec := json.NewDecoder(strings.NewReader(text))
		if err := dec.Decode(&l); err != nil {
			fail(n, "%v", err)
			continue
		}
		switch {
		case l.ID == "":
			fail(n, "id is missing")
			continue
		case l.OnTopic == nil:
			fail(n, "on_topic is missing (true or false)")
			continue
		}
		if prev, ok := seen[l.ID]; ok {
			fail(n, "id %s repeats line %d", l.ID, prev)
			continue
		}
		seen[l.ID] = n
		rev := govwire.Review{OnTopic: *l.OnTopic, Labels: l.Labels}
		if bad := rev.Normalize(); bad != "" {
			fail(n, "unknown label %q (labels are %s)", bad, strings.Join(govwire.Labels, ", "))
			continue
		}
		if l.Reviewer == "" {
			l.Reviewer = reviewer
		}
		out = append(out, numberedLine{reviewLine: l, line: n})
	}
	if err := sc.Err(); err != nil {
		return nil, govwire.Errorf(govwire.EINVALID, "%s: %v", name, err)
	}
	if len(errs) > 0 {
		return nil, govwire.Errorf(govwire.EINVALID, "%s\nnothing was imported", strings.Join(errs, "\n"))
	}
	return out, nil
}

// checkArticles fails, naming each line, when a line's article is not in
// the store.
func checkArticles(ctx context.Context, st govwire.ArticleStore, lines []numberedLine, name string) error {
	var errs []string
	for _, l := range lines {
		_, err := st.Article(ctx, l.ID)
		if govwire.ErrorCode(err) == govwire.ENOTFOUND {
			if len(errs) < maxImportErrors {
				errs = append(errs, fmt.Sprintf("%s line %d: no stored article has id %s", name, l.line, l.ID))
			}
			continue
		}
		if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return govwire.Errorf(govwire.EINVALID, "%s\nnothing was imported", strings.Join(errs, "\n"))
	}
	return nil
}

// hasReview reports whether hist already holds r: the same decision, note
// and reviewer, and the same time when withTime.
func hasReview(hist []govwire.Review, r govwire.Review, withTime bool) bool {
	for _, h := range hist {
		h.ArticleID = r.ArticleID
		if !withTime {
			h.At = r.At
		}
		if h.Same(r) {
			return true
		}
	}
	return false
}
