package importer

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/ingest"
)

// maxLineBytes bounds one JSON Lines line (an article with its HTML).
const maxLineBytes = 16 << 20

// jsonlArticle is one line of a JSON Lines file.
type jsonlArticle struct {
	URL       string `json:"url"`
	Title     string `json:"title"`
	Text      string `json:"text"`
	Published string `json:"published"`
	HTML      string `json:"html"`
	Author    string `json:"author"`
	Source    string `json:"source"`
}

// JSONL reads articles gathered by other tools, one JSON object a line:
// url (required), title, text, published (RFC 3339 or YYYY-MM-DD), and
// optionally html (extracted as a fetched page would be, its text then
// wins over text), author and source. Every article is stored, on topic
// or not. A bad line is reported with its line number and skipped; the
// rest go on. The error is non-nil only when ctx ends or r fails.
func (im *Importer) JSONL(ctx context.Context, name string, r io.Reader) (govwire.HistorySummary, error) {
	var sum govwire.HistorySummary
	p := im.startPool(ctx, &sum)
	err := im.readJSONL(ctx, name, r, p)
	p.wait(ctx)
	sum.Finish()
	if err == nil {
		err = ctx.Err()
	}
	return sum, err
}

func (im *Importer) readJSONL(ctx context.Context, name string, r io.Reader, p *pool) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLineBytes)
	var read int64
	for line := 1; sc.Scan(); line++ {
		read += int64(len(sc.Bytes())) + 1
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		p.count(func(s *govwire.HistorySummary) { s.Discovered++ })
		j, err := im.line(name, line, sc.Bytes())
		if im.opts.OnRecord != nil {
			im.opts.OnRecord(read)
		}
		if err != nil {
			p.fail(govwire.HistoryError{File: name, Line: line, URL: j.page.URL, Error: err.Error()})
			continue
		}
		p.count(func(s *govwire.HistorySummary) { s.Fetched++ })
		if !p.submit(ctx, j) {
			return ctx.Err()
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("read %s: a line is over %d bytes: %w", name, maxLineBytes, err)
		}
		return fmt.Errorf("read %s: %w", name, err)
	}
	return nil
}

// line decodes one line into a job.
func (im *Importer) line(name string, n int, b []byte) (job, error) {
	var j job
	var a jsonlArticle
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return j, fmt.Errorf("line %d: bad JSON: %w", n, err)
	}
	j.page.URL = a.URL
	if a.URL == "" {
		return j, fmt.Errorf("line %d: url: missing", n)
	}
	if _, err := ingest.CanonicalURL(a.URL); err != nil {
		return j, fmt.Errorf("line %d: url: %w", n, err)
	}
	if a.Text == "" && a.HTML == "" {
		return j, fmt.Errorf("line %d: text: missing (give text or html)", n)
	}
	pub, err := parseDate(a.Published)
	if err != nil {
		return j, fmt.Errorf("line %d: published: %w", n, err)
	}
	j.page = ingest.Page{Source: a.Source, URL: a.URL, Title: a.Title, Text: a.Text, Author: a.Author,
		Published: pub, Via: govwire.ViaImport, Provenance: &govwire.Provenance{File: name, Line: n}}
	if j.page.Source == "" {
		j.page.Source = im.sourceFor(a.URL)
	}
	if a.HTML != "" {
		j.page.HTML, j.page.ContentType = []byte(a.HTML), "text/html; charset=utf-8"
	}
	j.err = govwire.HistoryError{File: name, Line: n, URL: a.URL}
	return j, nil
}

// parseDate reads an RFC 3339 time or a YYYY-MM-DD date (UTC); "" is zero.
func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time or a YYYY-MM-DD date", s)
	}
	return t, nil
}
