package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/govwire/govwire"
)

// rowWriter encodes records one at a time.
type rowWriter interface {
	write(r *Record) error
	close() error // flush; writes the Parquet footer
}

func newRowWriter(format string, w io.Writer) (rowWriter, error) {
	switch format {
	case "jsonl":
		bw := bufio.NewWriterSize(w, 64<<10)
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		return &jsonlWriter{bw: bw, enc: enc}, nil
	case "csv":
		bw := bufio.NewWriterSize(w, 64<<10)
		cw := csv.NewWriter(bw)
		if err := cw.Write(Columns); err != nil {
			return nil, err
		}
		return &csvWriter{bw: bw, cw: cw}, nil
	case "parquet":
		return newParquetWriter(w), nil
	}
	return nil, govwire.Errorf(govwire.EINVALID, "format %q: want jsonl, csv or parquet", format)
}

type jsonlWriter struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

func (j *jsonlWriter) write(r *Record) error { return j.enc.Encode(r) }
func (j *jsonlWriter) close() error          { return j.bw.Flush() }

// csvWriter writes RFC 4180 CSV (CRLF line ends, quoted where needed) with
// nested fields as JSON text.
type csvWriter struct {
	bw  *bufio.Writer
	cw  *csv.Writer
	row []string
}

func (c *csvWriter) write(r *Record) error {
	c.cw.UseCRLF = true
	row, err := csvRow(c.row[:0], r)
	if err != nil {
		return err
	}
	c.row = row
	return c.cw.Write(row)
}

func (c *csvWriter) close() error {
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}

// csvRow renders r in Columns order.
func csvRow(row []string, r *Record) ([]string, error) {
	js := func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	}
	published := ""
	if r.Published != nil {
		published = r.Published.Format(time.RFC3339)
	}
	nested := []any{r.Labels, r.Scores, r.Evidence, r.Entities, r.Provenance, r.RulesLabels, r.Review}
	enc := make([]string, len(nested))
	for i, v := range nested {
		s, err := js(v)
		if err != nil {
			return nil, fmt.Errorf("encode nested field: %w", err)
		}
		enc[i] = s
	}
	b := strconv.FormatBool
	return append(row,
		r.ID, r.URL, r.CanonicalURL, r.FinalURL, r.Source, r.Feed, r.Via, enc[4], r.Title, r.Text, r.Author,
		published, r.Fetched.Format(time.RFC3339), b(r.OnTopic), enc[0],
		b(r.LabelBid), b(r.LabelAward), b(r.LabelProtest), b(r.LabelAllegation),
		r.LabelSource, b(r.RulesOnTopic), enc[5], enc[6], enc[1], enc[2], enc[3], r.ClusterID, strconv.Itoa(r.ClusterSize),
		r.Ruleset, r.Extractor, r.ExtractorVersion, r.Split,
	), nil
}
