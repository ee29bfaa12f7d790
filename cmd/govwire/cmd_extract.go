package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

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

// runExtract prints the text the extractor takes from one saved HTML page.
func runExtract(ctx context.Context, e *env, args []string) error {
	fs := e.newFlags("extract", "[--url URL] [--selector CSS] [--json] FILE|-")
	pageURL := fs.String("url", "", "the page's address (resolves its canonical link)")
	selector := fs.String("selector", "", "CSS selector for the article body, as a source's selector")
	asJSON := fs.Bool("json", false, "print title, text, published, author and canonical_url as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("want one FILE (or - for stdin), got %d arguments", fs.NArg())
	}
	page, err := readPage(e, fs.Arg(0))
	if err != nil {
		return err
	}
	ex, err := ingest.Extract(ctx, ingest.HTMLToUTF8(page, ""), *pageURL, *selector)
	if err != nil {
		if govwire.ErrorCode(err) == govwire.EINVALID {
			return govwire.Errorf(govwire.EINVALID, "%s: %v", fs.Arg(0), err)
		}
		return fmt.Errorf("extract %s: %w", fs.Arg(0), err)
	}
	if !*asJSON {
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
