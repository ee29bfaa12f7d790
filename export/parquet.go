package export

import (
	"io"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
)

// ParquetRow is the typed Parquet schema of a Record: lists and structs
// for the nested fields, timestamps for times, Snappy compression (zstd
// compressed 20% smaller but held 32 MB of encoder history, which broke
// the 200 MB memory budget).
type ParquetRow struct {
	ID               string             `parquet:"id"`
	URL              string             `parquet:"url"`
	CanonicalURL     string             `parquet:"canonical_url"`
	FinalURL         string             `parquet:"final_url"`
	Source           string             `parquet:"source,dict"`
	Feed             string             `parquet:"feed,dict"`
	Via              string             `parquet:"via,dict"`
	Provenance       *ParquetProvenance `parquet:"provenance,optional"`
	Title            string             `parquet:"title"`
	Text             string             `parquet:"text"`
	Author           string             `parquet:"author"`
	Published        *time.Time         `parquet:"published,optional,timestamp(millisecond)"`
	Fetched          time.Time          `parquet:"fetched,timestamp(millisecond)"`
	OnTopic          bool               `parquet:"on_topic"`
	Labels           []string           `parquet:"labels,list"`
	LabelBid         bool               `parquet:"label_bid"`
	LabelAward       bool               `parquet:"label_award"`
	LabelProtest     bool               `parquet:"label_protest"`
	LabelAllegation  bool               `parquet:"label_allegation"`
	LabelSource      string             `parquet:"label_source,dict"`
	RulesOnTopic     bool               `parquet:"rules_on_topic"`
	RulesLabels      []string           `parquet:"rules_labels,list"`
	Review           *ParquetReview     `parquet:"review,optional"`
	Scores           ParquetScores      `parquet:"scores"`
	Evidence         []ParquetEvidence  `parquet:"evidence,list"`
	Entities         []ParquetEntity    `parquet:"entities,list"`
	ClusterID        string             `parquet:"cluster_id"`
	ClusterSize      int32              `parquet:"cluster_size"`
	Ruleset          string             `parquet:"ruleset,dict"`
	Extractor        string             `parquet:"extractor,dict"`
	ExtractorVersion string             `parquet:"extractor_version,dict"`
	Split            string             `parquet:"split,dict"`
}

// ParquetScores holds the score of each decision.
type ParquetScores struct {
	OnTopic    float64 `parquet:"on_topic"`
	Bid        float64 `parquet:"bid"`
	Award      float64 `parquet:"award"`
	Protest    float64 `parquet:"protest"`
	Allegation float64 `parquet:"allegation"`
}

// ParquetProvenance is where a non-feed article was found.
type ParquetProvenance struct {
	File     string     `parquet:"file"`
	RecordID string     `parquet:"record_id"`
	Offset   int64      `parquet:"offset"`
	Line     int32      `parquet:"line"`
	Captured *time.Time `parquet:"captured,optional,timestamp(millisecond)"`
	Listing  string     `parquet:"listing"`
}

// ParquetReview is the latest review of an article.
type ParquetReview struct {
	OnTopic  bool      `parquet:"on_topic"`
	Labels   []string  `parquet:"labels,list"`
	Reviewer string    `parquet:"reviewer,dict"`
	At       time.Time `parquet:"at,timestamp(millisecond)"`
	Note     string    `parquet:"note"`
	Ruleset  string    `parquet:"ruleset,dict"`
}

// ParquetEvidence is one evidence span.
type ParquetEvidence struct {
	Rule  string `parquet:"rule"`
	Label string `parquet:"label"`
	Field string `parquet:"field"`
	Start int32  `parquet:"start"`
	End   int32  `parquet:"end"`
	Text  string `parquet:"text"`
}

// ParquetEntity is one entity.
type ParquetEntity struct {
	Type   string  `parquet:"type"`
	Text   string  `parquet:"text"`
	Value  string  `parquet:"value"`
	Amount float64 `parquet:"amount"`
	Field  string  `parquet:"field"`
	Start  int32   `parquet:"start"`
	End    int32   `parquet:"end"`
}

// parquetWriter buffers rows into row groups of parquetGroupRows, so
// memory is bounded by one row group.
type parquetWriter struct {
	w   *parquet.GenericWriter[ParquetRow]
	buf []ParquetRow
}

const parquetGroupRows = 500

func newParquetWriter(w io.Writer) *parquetWriter {
	return &parquetWriter{
		w: parquet.NewGenericWriter[ParquetRow](w,
			parquet.Compression(&snappy.Codec{}),
			parquet.CreatedBy("govwire", "1", ""),
		),
	}
}

func (p *parquetWriter) write(r *Record) error {
	p.buf = append(p.buf, toParquet(r))
	if len(p.buf) < parquetGroupRows {
		return nil
	}
	return p.flush()
}

func (p *parquetWriter) flush() error {
	if len(p.buf) == 0 {
		return nil
	}
	if _, err := p.w.Write(p.buf); err != nil {
		return err
	}
	clear(p.buf)
	p.buf = p.buf[:0]
	return p.w.Flush()
}

func (p *parquetWriter) close() error {
	if err := p.flush(); err != nil {
		return err
	}
	return p.w.Close()
}

func toParquet(r *Record) ParquetRow {
	row := ParquetRow{
		ID: r.ID, URL: r.URL, CanonicalURL: r.CanonicalURL, FinalURL: r.FinalURL,
		Source: r.Source, Feed: r.Feed, Title: r.Title, Text: r.Text, Author: r.Author,
		Published: r.Published, Fetched: r.Fetched, OnTopic: r.OnTopic, Labels: r.Labels,
		LabelBid: r.LabelBid, LabelAward: r.LabelAward, LabelProtest: r.LabelProtest, LabelAllegation: r.LabelAllegation,
		Scores: ParquetScores{
			OnTopic: r.Scores["on_topic"], Bid: r.Scores["bid"], Award: r.Scores["award"],
			Protest: r.Scores["protest"], Allegation: r.Scores["allegation"],
		},
		ClusterID: r.ClusterID, ClusterSize: int32(r.ClusterSize), Ruleset: r.Ruleset,
		Extractor: r.Extractor, ExtractorVersion: r.ExtractorVersion, Split: r.Split,
	}
	row.Via = r.Via
	row.LabelSource, row.RulesOnTopic, row.RulesLabels = r.LabelSource, r.RulesOnTopic, r.RulesLabels
	if v := r.Review; v != nil {
		row.Review = &ParquetReview{OnTopic: v.OnTopic, Labels: v.Labels, Reviewer: v.Reviewer, At: v.At, Note: v.Note, Ruleset: v.Ruleset}
	}
	if p := r.Provenance; p != nil {
		row.Provenance = &ParquetProvenance{File: p.File, RecordID: p.RecordID, Offset: p.Offset, Line: int32(p.Line), Listing: p.Listing}
		if !p.Captured.IsZero() {
			c := p.Captured.UTC()
			row.Provenance.Captured = &c
		}
	}
	row.Evidence = make([]ParquetEvidence, len(r.Evidence))
	for i, e := range r.Evidence {
		row.Evidence[i] = ParquetEvidence{Rule: e.Rule, Label: e.Label, Field: e.Field, Start: int32(e.Start), End: int32(e.End), Text: e.Text}
	}
	row.Entities = make([]ParquetEntity, len(r.Entities))
	for i, e := range r.Entities {
		row.Entities[i] = ParquetEntity{Type: e.Type, Text: e.Text, Value: e.Value, Amount: e.Amount, Field: e.Field, Start: int32(e.Start), End: int32(e.End)}
	}
	return row
}
