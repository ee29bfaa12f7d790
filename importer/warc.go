package importer

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"

	"github.com/govwire/govwire"
)

// How records' digests are checked (Options.Digests).
const (
	// DigestsAuto checks the digests of plain records and trusts gzip
	// members' CRC-32 for the others: a .warc.gz record whose bytes were
	// damaged fails its CRC, and a digest that disagrees with a good CRC
	// is a writer's mistake, not damage. The default.
	DigestsAuto = "auto"
	// DigestsVerify checks every record's block and payload digests and
	// Content-Length (gowarc's full validation).
	DigestsVerify = "verify"
	// DigestsSkip checks no digest: for archives you trust. Lengths and
	// gzip CRCs are still checked.
	DigestsSkip = "skip"
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
//
// This goroutine cuts the file into records; Workers goroutines parse and
// check them (gowarc), pre-filter, extract, classify and store.
func (im *Importer) WARC(ctx context.Context, name string, r io.Reader) (govwire.HistorySummary, error) {
	var sum govwire.HistorySummary
	p := im.startPool(ctx, &sum)
	err := im.readWARC(ctx, name, newFramer(r, im.opts.MaxPageBytes+maxHeader, &im.bufs), p)
	p.wait(ctx)
	sum.Finish()
	if err == nil {
		err = ctx.Err()
	}
	return sum, err
}

// Records go to the workers in batches of up to batchRecords records or
// batchBytes bytes: one handoff (and goroutine wake-up) per record cost
// more system time than the records' parsing.
const (
	batchRecords = 32
	batchBytes   = 1 << 20
)

// readWARC cuts every record and queues it.
func (im *Importer) readWARC(ctx context.Context, name string, fr *framer, p *pool) error {
	var batch []frame
	size := 0
	flush := func() bool {
		if len(batch) == 0 {
			return true
		}
		if !p.submit(ctx, job{warc: batch, file: name}) {
			for _, f := range batch {
				im.bufs.put(f.data)
			}
			return false
		}
		batch, size = nil, 0
		return true
	}
	lastBad, stuck := int64(-1), 0
	for ctx.Err() == nil {
		if len(batch) >= batchRecords || size >= batchBytes {
			if !flush() {
				return ctx.Err()
			}
		}
		start := fr.pos()
		f, err := fr.next()
		if errors.Is(err, io.EOF) {
			if !flush() {
				return ctx.Err()
			}
			return nil
		}
		if err != nil { // bytes with no record in them
			p.fail(govwire.HistoryError{File: name, Offset: start, Error: err.Error()})
			if start == lastBad {
				if stuck++; stuck >= maxResyncs {
					return fmt.Errorf("read warc %s: no progress at offset %d: %w", name, start, err)
				}
			}
			lastBad = start
			continue
		}
		p.count(func(s *govwire.HistorySummary) { s.Discovered++ })
		if im.opts.OnRecord != nil {
			im.opts.OnRecord(f.offset + f.size)
		}
		switch {
		case f.err != nil:
			p.fail(govwire.HistoryError{File: name, Offset: f.offset, Error: "corrupt record: " + f.err.Error()})
		case f.tooLarge:
			p.skip(SkipTooLarge)
		default:
			batch = append(batch, f)
			size += f.data.Len()
		}
	}
	for _, f := range batch {
		im.bufs.put(f.data)
	}
	return ctx.Err()
}

// recordParser parses records for one worker (gowarc's unmarshalers keep
// state between records).
type recordParser struct {
	full, light gowarc.Unmarshaler
	rd          bytes.Reader
	br          *bufio.Reader
}

// newRecordParser is not safe to call concurrently: gowarc's options
// write a global of github.com/google/uuid (EnableRandPool).
func newRecordParser() *recordParser {
	return &recordParser{
		full: gowarc.NewUnmarshaler(),
		// No digest, no header field check: the record's header is parsed
		// and its block left to us.
		light: gowarc.NewUnmarshaler(gowarc.WithSpecViolationPolicy(gowarc.ErrIgnore), gowarc.WithSkipParseBlock()),
		br:    bufio.NewReaderSize(nil, 64<<10),
	}
}

// verify reports whether f's digests are to be checked.
func (im *Importer) verify(f *frame) bool {
	switch im.opts.Digests {
	case DigestsVerify:
		return true
	case DigestsSkip:
		return false
	}
	return !f.gz
}

// record turns one record into a job, or says why it is skipped, or why
// it is corrupt.
func (im *Importer) record(wp *recordParser, name string, f *frame) (j job, skip string, bad error) {
	data := f.data.Bytes()
	wp.rd.Reset(data)
	wp.br.Reset(&wp.rd)
	u := wp.light
	if im.verify(f) {
		u = wp.full
	}
	wr, _, validation, err := u.Unmarshal(wp.br)
	if err != nil {
		return j, "", err
	}
	defer wr.Close()
	h := wr.WarcHeader()
	j.page.URL = strings.Trim(h.Get(gowarc.WarcTargetURI), "<>")
	j.err = govwire.HistoryError{File: name, Offset: f.offset, URL: j.page.URL}
	for _, v := range validation {
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
	block, err := blockOf(data, h)
	if err != nil {
		return j, "", err
	}
	if !strings.HasPrefix(strings.ToLower(h.Get(gowarc.ContentType)), "application/http") {
		return j, SkipNotHTTP, nil
	}
	status, ct, body, ok := httpResponse(block)
	switch {
	case !ok:
		return j, SkipNotHTTP, nil
	case status != 200:
		return j, SkipStatus, nil
	}
	if mt, _, _ := mime.ParseMediaType(ct); mt != "text/html" && mt != "application/xhtml+xml" {
		return j, SkipNotHTML, nil
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
	j.page.Provenance = &govwire.Provenance{File: name, RecordID: h.Get(gowarc.WarcRecordID), Offset: f.offset,
		Captured: captured.UTC()}
	return j, "", nil
}

// blockOf returns the block of the record in data: the Content-Length
// bytes after its header.
func blockOf(data []byte, h *gowarc.WarcFields) ([]byte, error) {
	end := bytes.Index(data, []byte("\r\n\r\n"))
	if end < 0 {
		return nil, errors.New("no end of header")
	}
	data = data[end+4:]
	n, err := h.GetInt64(gowarc.ContentLength)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("bad Content-Length %q", h.Get(gowarc.ContentLength))
	}
	if n > int64(len(data)) {
		return nil, fmt.Errorf("block shorter than its Content-Length (%d of %d bytes)", len(data), n)
	}
	return data[:n], nil
}

// httpResponse reads an HTTP response block: its status, Content-Type and
// payload; ok is false when block is no HTTP response.
func httpResponse(block []byte) (status int, contentType string, payload []byte, ok bool) {
	head, body, found := bytes.Cut(block, []byte("\r\n\r\n"))
	if !found {
		head, body, _ = bytes.Cut(block, []byte("\n\n"))
	}
	line, rest, _ := bytes.Cut(head, []byte("\n"))
	f := strings.Fields(string(line))
	if len(f) < 2 || !strings.HasPrefix(f[0], "HTTP/") {
		return 0, "", nil, false
	}
	status, err := strconv.Atoi(f[1])
	if err != nil {
		return 0, "", nil, false
	}
	for len(rest) > 0 {
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		name, value, _ := bytes.Cut(line, []byte(":"))
		if bytes.EqualFold(bytes.TrimSpace(name), []byte("Content-Type")) {
			contentType = string(bytes.TrimSpace(value))
		}
	}
	return status, contentType, body, true
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
