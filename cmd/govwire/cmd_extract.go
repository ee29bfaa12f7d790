package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/ingest"
)

// maxExtractInput bounds the page read by extract.
const maxExtractInput = 32 << 20

// extractOutput is what extract --json prints.
type extractOutput struct {
	Title        string `json:"title"`
	Text         string `json:"text"`
	Published    string `json:"published"` // RFC 3339, "" when unknown
	Author       string `json:"author"`
	CanonicalURL string `json:"canonical_url"`
}

// extractOptions are extract's flags.
type extractOptions struct {
	pageURL, selector string
	asJSON            bool
}

// newExtractCmd prints the text the extractor takes from one saved page.
func newExtractCmd(e *env) *cobra.Command {
	var o extractOptions
	cmd := &cobra.Command{
		Use:   "extract [flags] FILE|-",
		Short: "print the text extracted from one saved HTML page",
		Long:  "extract prints the text the extractor takes from one saved HTML page (- reads stdin): the tool for\nchecking a site's extraction.",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("want one FILE (or - for stdin), got %d arguments", len(args))
			}
			return nil
		},
		RunE: e.runE(func(cmd *cobra.Command, args []string) error { return runExtract(cmd.Context(), e, o, args[0]) }),
	}
	f := cmd.Flags()
	f.StringVar(&o.pageURL, "url", "", "the page's `address` (resolves its canonical link)")
	f.StringVar(&o.selector, "selector", "", "CSS `selector` for the article body, as a source's selector")
	f.BoolVar(&o.asJSON, "json", false, "print title, text, published, author and canonical_url as JSON")
	return cmd
}

// runExtract prints the text the extractor takes from the page in file.
func runExtract(ctx context.Context, e *env, o extractOptions, file string) error {
	page, err := readPage(e, file)
	if err != nil {
		return err
	}
	ex, err := ingest.Extract(ctx, ingest.HTMLToUTF8(page, ""), o.pageURL, o.selector)
	if err != nil {
		if govwire.ErrorCode(err) == govwire.EINVALID {
			return govwire.Errorf(govwire.EINVALID, "%s: %v", file, err)
		}
		return fmt.Errorf("extract %s: %w", file, err)
	}
	if !o.asJSON {
		_, err = fmt.Fprintln(e.stdout, ex.Text)
		return err
	}
	out := extractOutput{Title: ex.Title, Text: ex.Text, Author: ex.Author, CanonicalURL: ex.CanonicalURL}
	if !ex.Published.IsZero() {
		out.Published = ex.Published.UTC().Format(time.RFC3339)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// readPage reads FILE, or stdin for "-", up to maxExtractInput bytes.
func readPage(e *env, name string) ([]byte, error) {
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, govwire.Errorf(govwire.EINVALID, "%v", err)
		}
		defer f.Close()
		r = f
	}
	page, err := io.ReadAll(io.LimitReader(r, maxExtractInput+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(page) > maxExtractInput {
		return nil, govwire.Errorf(govwire.EINVALID, "%s is larger than %d bytes", name, maxExtractInput)
	}
	return page, nil
}
