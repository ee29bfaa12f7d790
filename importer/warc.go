package importer

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"

	"github.com/govwire/govwire"
)

// maxResyncs bounds the read errors of one file that leave the reader
// where it was: past it the file is given up as unreadable.
const maxResyncs = 3

// WARC reads the WARC file name from r (plain, or gzip per record as
// .warc.gz files are) and stores the articles among its response records:
// HTTP 200 responses with an HTML payload whose text may be on topic.
// Requests, revisits, metadata, non-HTML and non-200 responses are
// skipped and counted by reason; a corrupt or truncated record (bad gzip,
// wrong length, digest mismatch) is reported with its offset and
// skipped, and the records after it are still read. The error is non-nil
// only when ctx ends or the file cannot be read at all.
func (im *Importer) WARC(ctx context.Context, name string, r io.Reader) (govwire.HistorySummary, error) {
	var sum govwire.HistorySummary
	rd, err := gowarc.NewWarcFileReaderFromStream(bufio.NewReaderSize(r, 1<<20), 0)
	if err != nil {
		return sum, fmt.Errorf("read warc %s: %w", name, err)
	}
	defer rd.Close()
	p := im.startPool(ctx, &sum)
	err = im.readWARC(ctx, name, rd, p)
	p.wait(ctx)
	sum.Finish()
	if err == nil {
		err = ctx.Err()
	}
	return sum, err
}

// readWARC reads every record and queues the HTML pages.
func (im *Importer) readWARC(ctx context.Context, name string, rd *gowarc.WarcFileReader, p *pool) error {
	lastBad, stuck := int64(-1), 0
	for ctx.Err() == nil {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) && rec.WarcRecord == nil {
			return nil
		}
		if err != nil {
			_ = rec.Close()
			if errors.Is(err, gowarc.ErrNoRecord) {
				p.fail(govwire.HistoryError{File: name, Offset: rec.Offset, Error: fmt.Sprintf("trailing bytes after the last record: %v", err)})
				return nil
			}
			p.fail(govwire.HistoryError{File: name, Offset: rec.Offset, Error: fmt.Sprintf("corrupt record: %v", err)})
			p.count(func(s *govwire.HistorySummary) { s.Discovered++ })
			if rec.Offset == lastBad {
				if stuck++; stuck >= maxResyncs {
					return fmt.Errorf("read warc %s: no progress at offset %d: %w", name, rec.Offset, err)
				}
			}
			lastBad = rec.Offset
			continue
		}
		j, skip, bad := im.record(name, rec)
		_ = rec.Close()
		p.count(func(s *govwire.HistorySummary) { s.Discovered++ })
		if im.opts.OnRecord != nil {
			im.opts.OnRecord(rec.Offset + rec.Size)
		}
		switch {
		case bad != nil:
			p.fail(govwire.HistoryError{File: name, Offset: rec.Offset, URL: j.page.URL, Error: "corrupt record: " + bad.Error()})
		case skip != "":
			p.skip(skip)
		default:
			p.count(func(s *govwire.HistorySummary) { s.Fetched++ })
			if !p.submit(ctx, j) {
				return ctx.Err()
			}
		}
	}
	return ctx.Err()
}

// record turns one record into a job, or says why it is skipped, or why
// it is corrupt.
func (im *Importer) record(name string, rec gowarc.Record) (j job, skip string, bad error) {
	wr := rec.WarcRecord
	h := wr.WarcHeader()
	j.page.URL = strings.Trim(h.Get(gowarc.WarcTargetURI), "<>")
	for _, v := range rec.Validation {
		var de *gowarc.DigestError
		var ce *gowarc.ContentLengthError
		if errors.As(v, &de) || errors.As(v, &ce) {
			return j, "", v
		}
	}
	switch wr.Type() {
	case gowarc.Response:
	case gowarc.Revisit:
		return j, SkipRevisit, nil
	default:
		return j, SkipNotResponse, nil
	}
	block, ok := wr.Block().(gowarc.HttpResponseBlock)
	if !ok {
		return j, SkipNotHTTP, nil
	}
	if block.HttpStatusCode() != 200 {
		return j, SkipStatus, nil
	}
	ct := block.HttpHeader().Get("Content-Type")
	if mt, _, _ := mime.ParseMediaType(ct); mt != "text/html" && mt != "application/xhtml+xml" {
		return j, SkipNotHTML, nil
	}
	payload, err := block.PayloadBytes()
	if err != nil {
		return j, "", err
	}
	body, err := io.ReadAll(io.LimitReader(payload, im.opts.MaxPageBytes+1))
	if err != nil {
		return j, "", err
	}
	if int64(len(body)) > im.opts.MaxPageBytes {
		return j, SkipTooLarge, nil
	}
	captured, _ := time.Parse(time.RFC3339Nano, h.Get(gowarc.WarcDate))
	j.raw, j.onTopicOnly = true, !im.opts.KeepOffTopic
	j.page.HTML, j.page.ContentType = body, ct
	j.page.Source = im.sourceFor(j.page.URL)
	j.page.Feed = ""
	j.page.Via = govwire.ViaWARC
	j.page.Provenance = &govwire.Provenance{File: name, RecordID: h.Get(gowarc.WarcRecordID), Offset: rec.Offset,
		Captured: captured.UTC()}
	j.err = govwire.HistoryError{File: name, Offset: rec.Offset, URL: j.page.URL}
	return j, "", nil
}

// sourceFor is the source name of a page: Options.Source, or its host
// name without "www.".
func (im *Importer) sourceFor(raw string) string {
	if im.opts.Source != "" {
		return im.opts.Source
	}
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return "import"
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}
