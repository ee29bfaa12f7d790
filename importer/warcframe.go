package importer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"

	"github.com/klauspost/compress/gzip"
)

// The reader of a WARC file only cuts it into records: it inflates each
// gzip member (one record, as .warc.gz files are written), or takes a
// plain record's header and Content-Length bytes, and hands the bytes on.
// Parsing and checking a record (gowarc) runs in the workers, beside the
// pre-filter and extraction, so on two cores inflating a file and working
// on its records overlap.

// frame is one record as cut from the file.
type frame struct {
	data   *bytes.Buffer // the record, uncompressed; nil when err or tooLarge
	offset int64         // where it starts in the file
	size   int64         // its bytes in the file
	gz     bool          // a gzip member
	err    error         // it could not be read: bad gzip, truncated
	// tooLarge: the record is over the cap; its bytes were read and dropped.
	tooLarge bool
}

// framer cuts a WARC stream into records.
type framer struct {
	br     *bufio.Reader
	cr     *countingReader
	zr     *gzip.Reader
	max    int64 // largest record kept, uncompressed
	bufs   *bufferPool
	resync bool // the last record was unreadable: skip to the next one quietly
}

// countingReader counts the bytes read from the file.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func newFramer(r io.Reader, max int64, bufs *bufferPool) *framer {
	cr := &countingReader{r: r}
	return &framer{br: bufio.NewReaderSize(cr, 1<<20), cr: cr, max: max, bufs: bufs}
}

// pos is the file offset of the next unread byte.
func (f *framer) pos() int64 { return f.cr.n - int64(f.br.Buffered()) }

var (
	gzipMagic = []byte{0x1f, 0x8b, 0x08}
	warcMagic = []byte("WARC/")
)

// errNoRecord: bytes that hold no WARC record.
var errNoRecord = errors.New("no WARC record")

// next returns the next record, or io.EOF after the last. An error that
// is not io.EOF with a zero frame means bytes that hold no record (the
// reader has gone past them); a frame with err set is a record that could
// not be read.
func (f *framer) next() (frame, error) {
	start := f.pos()
	head, _ := f.br.Peek(len(warcMagic))
	switch {
	case len(head) == 0:
		return frame{}, io.EOF
	case bytes.HasPrefix(head, gzipMagic):
		f.resync = false
		return f.member(start), nil
	case bytes.HasPrefix(head, warcMagic):
		f.resync = false
		return f.plain(start), nil
	}
	skipped, err := f.skipToRecord()
	quiet := f.resync
	f.resync = false
	switch {
	case err != nil && !quiet:
		return frame{}, fmt.Errorf("%w in the last %d bytes (at offset %d): %v", errNoRecord, skipped, start, err)
	case err != nil:
		return frame{}, io.EOF
	case quiet:
		return f.next()
	}
	return frame{}, fmt.Errorf("%w in %d bytes at offset %d", errNoRecord, skipped, start)
}

// skipToRecord reads up to the next gzip or WARC magic and says how far it went.
func (f *framer) skipToRecord() (int64, error) {
	var n int64
	for {
		buf, err := f.br.Peek(f.br.Size())
		if len(buf) < len(warcMagic) && err != nil {
			k, _ := f.br.Discard(len(buf))
			return n + int64(k), err
		}
		if i := 1 + indexMagic(buf[1:]); i > 0 {
			f.br.Discard(i)
			return n + int64(i), nil
		}
		k := len(buf) - (len(warcMagic) - 1) // keep a magic that the end of buf cuts
		f.br.Discard(k)
		n += int64(k)
	}
}

// indexMagic returns where the first gzip or WARC magic starts in b, or -1.
func indexMagic(b []byte) int {
	g, w := bytes.Index(b, gzipMagic), bytes.Index(b, warcMagic)
	switch {
	case g < 0:
		return w
	case w < 0:
		return g
	}
	return min(g, w)
}

// member inflates one gzip member.
func (f *framer) member(start int64) frame {
	fr := frame{offset: start, gz: true}
	var err error
	if f.zr == nil {
		f.zr, err = gzip.NewReader(f.br)
	} else {
		err = f.zr.Reset(f.br)
	}
	if err == nil {
		f.zr.Multistream(false)
		fr.data = f.bufs.get()
		_, err = fr.data.ReadFrom(io.LimitReader(f.zr, f.max+1))
		if err == nil && int64(fr.data.Len()) > f.max {
			fr.tooLarge = true
			_, err = io.Copy(io.Discard, f.zr)
		}
	}
	if err == nil {
		err = f.zr.Close()
	}
	fr.size = f.pos() - start
	if err != nil || fr.tooLarge {
		f.bufs.put(fr.data)
		fr.data = nil
	}
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		fr.err = fmt.Errorf("bad gzip member: %w", err)
		f.resync = true
	}
	return fr
}

// maxHeader bounds a plain record's WARC header.
const maxHeader = 1 << 20

// plain reads one uncompressed record: its header, Content-Length bytes
// of block and the blank lines after it.
func (f *framer) plain(start int64) frame {
	fr := frame{offset: start, data: f.bufs.get()}
	length := int64(-1)
	for {
		line, err := f.br.ReadSlice('\n')
		fr.data.Write(line)
		if err != nil || fr.data.Len() > maxHeader {
			return f.badPlain(fr, start, fmt.Errorf("truncated or overlong header (%d bytes)", fr.data.Len()))
		}
		if len(bytes.TrimRight(line, "\r\n")) == 0 {
			break
		}
		if name, value, ok := bytes.Cut(line, []byte(":")); ok && bytes.EqualFold(bytes.TrimSpace(name), []byte("Content-Length")) {
			length, err = strconv.ParseInt(string(bytes.TrimSpace(value)), 10, 64)
			if err != nil || length < 0 {
				return f.badPlain(fr, start, fmt.Errorf("bad Content-Length %q", bytes.TrimSpace(value)))
			}
		}
	}
	if length < 0 {
		return f.badPlain(fr, start, errors.New("no Content-Length"))
	}
	if length > f.max {
		n, err := f.br.Discard(int(min(length, 1<<62)))
		if err != nil {
			return f.badPlain(fr, start, fmt.Errorf("truncated: %d of %d bytes of block", n, length))
		}
		f.skipEnd()
		f.bufs.put(fr.data)
		return frame{offset: start, size: f.pos() - start, tooLarge: true}
	}
	n, err := io.CopyN(fr.data, f.br, length)
	if err != nil {
		return f.badPlain(fr, start, fmt.Errorf("truncated: %d of %d bytes of block", n, length))
	}
	fr.data.Write(f.skipEnd())
	fr.size = f.pos() - start
	return fr
}

// skipEnd reads the CRLF CRLF that ends a record, or what there is of it.
func (f *framer) skipEnd() []byte {
	end, _ := f.br.Peek(4)
	n := 0
	for n < len(end) && (end[n] == '\r' || end[n] == '\n') {
		n++
	}
	f.br.Discard(n)
	return []byte("\r\n\r\n")
}

func (f *framer) badPlain(fr frame, start int64, err error) frame {
	f.bufs.put(fr.data)
	f.resync = true
	return frame{offset: start, size: f.pos() - start, err: err}
}

// bufferPool recycles record buffers between the reader and the workers.
type bufferPool struct{ p sync.Pool }

// maxPooled: larger buffers are left to the garbage collector.
const maxPooled = 4 << 20

func (b *bufferPool) get() *bytes.Buffer {
	if v, ok := b.p.Get().(*bytes.Buffer); ok {
		return v
	}
	return new(bytes.Buffer)
}

func (b *bufferPool) put(buf *bytes.Buffer) {
	if buf == nil || buf.Cap() > maxPooled {
		return
	}
	buf.Reset()
	b.p.Put(buf)
}
