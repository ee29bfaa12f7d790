package classify

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/govwire/govwire"
)

// Output is one line written by ClassifyStream: the input id and the
// classification.
type Output struct {
	ID string `json:"id"`
	govwire.Classification
}

// LineError is the line ClassifyStream writes for an input line it cannot
// classify.
type LineError struct {
	ID    string `json:"id"`
	Line  int    `json:"line"`
	Error string `json:"error"`
}

// maxLine bounds one input line.
const maxLine = 64 << 20

// ClassifyStream reads JSON Lines documents (id, title, text, optional url
// and published) from r and writes one JSON line per input to w: the
// classification, or a LineError naming the id and line number. Blank
// lines are skipped. It returns how many lines were bad; err is only for
// failures to read or write, or ctx ending.
func ClassifyStream(ctx context.Context, c govwire.Classifier, r io.Reader, w io.Writer) (bad int, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 256<<10), maxLine)
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	lw := lineWriter{c: c, w: bw, enc: enc}
	for n := 1; sc.Scan(); n++ {
		if n%256 == 0 && ctx.Err() != nil {
			return bad, ctx.Err()
		}
		line := sc.Bytes()
		if len(trimSpace(line)) == 0 {
			continue
		}
		ok, err := lw.classify(n, line)
		if !ok {
			bad++
		}
		if err != nil {
			return bad, fmt.Errorf("write output: %w", err)
		}
	}
	if err := sc.Err(); err != nil {
		return bad, fmt.Errorf("read input: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return bad, fmt.Errorf("write output: %w", err)
	}
	return bad, nil
}

// lineWriter classifies one input line at a time and writes its output
// line, reusing its buffers.
type lineWriter struct {
	c   govwire.Classifier
	w   io.Writer
	enc *json.Encoder // for error lines, and outputs appendOutput refuses
	lx  jsonLexer
	buf []byte
}

// classify handles input line n; ok is false for a bad line, err is from
// writing.
func (lw *lineWriter) classify(n int, line []byte) (ok bool, err error) {
	var in input
	if err := decodeLine(&lw.lx, line, &in); err != nil {
		return false, lw.enc.Encode(LineError{ID: peekID(line), Line: n, Error: "bad JSON: " + err.Error()})
	}
	if in.ID == "" {
		return false, lw.enc.Encode(LineError{Line: n, Error: "missing id"})
	}
	o := Output{ID: in.ID, Classification: lw.c.Classify(in.document())}
	var fast bool
	if lw.buf, fast = appendOutput(lw.buf[:0], &o); !fast {
		return true, lw.enc.Encode(o)
	}
	lw.buf = append(lw.buf, '\n')
	_, err = lw.w.Write(lw.buf)
	return true, err
}

// decodeLine decodes one input line: the fast path, else encoding/json.
func decodeLine(lx *jsonLexer, line []byte, in *input) error {
	if lx.decode(line, in) {
		return nil
	}
	*in = input{}
	return json.Unmarshal(line, in)
}

// peekID returns the id of a line that fails to decode as a document, if
// it is at least a JSON object with a string id.
func peekID(line []byte) string {
	var v struct {
		ID any `json:"id"`
	}
	if json.Unmarshal(line, &v) == nil {
		if s, ok := v.ID.(string); ok {
			return s
		}
	}
	return ""
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// input is one input line; published may be RFC 3339, YYYY-MM-DD, YYYY-MM
// or YYYY (a leading "~" for approximate dates is ignored); a date in
// another form is dropped, as it only selects gazetteer entries.
type input struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Text      string `json:"text"`
	URL       string `json:"url"`
	Published string `json:"published"`
}

func (in input) document() govwire.Document {
	return govwire.Document{ID: in.ID, Title: in.Title, Text: in.Text, URL: in.URL, Published: ParsePublished(in.Published)}
}

// ParsePublished parses a published date in RFC 3339, YYYY-MM-DD, YYYY-MM
// or YYYY form (a leading "~" for approximate dates is ignored); anything
// else gives the zero time.
func ParsePublished(s string) time.Time {
	for _, layout := range []string{time.RFC3339, time.DateOnly, "2006-01", "2006"} {
		if t, err := time.Parse(layout, strings.TrimPrefix(s, "~")); err == nil {
			return t
		}
	}
	return time.Time{}
}
