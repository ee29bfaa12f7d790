package govwire

import (
	"context"
	"io"
)

// DigestService builds, renders and lists digests; digest/ implements it
// and api/ serves it.
type DigestService interface {
	// Build builds digest name for date (YYYY-MM-DD in the digest's time
	// zone; "" means today). An unknown name is an ENOTFOUND error.
	Build(ctx context.Context, name, date string) (*Digest, error)
	// Render writes d as "md", "html", "text" or "json".
	Render(w io.Writer, d *Digest, format string) error
	// Atom writes an Atom feed of recent digests; name "" means all digests.
	Atom(ctx context.Context, w io.Writer, name string) error
	// Deliveries lists recent delivery records, newest first.
	Deliveries(ctx context.Context, name string, limit int) ([]Delivery, error)
	// Names lists the configured digests.
	Names() []string
}

// ExportRequest selects and shapes a corpus export.
type ExportRequest struct {
	Format     string        // "jsonl", "csv" or "parquet"
	Filter     ArticleFilter // which articles; OnTopicOnly and OnePerCluster are the defaults
	Query      string        // optional search query (resolved to IDs through a Searcher)
	NoText     bool          // metadata, labels and evidence offsets only
	Seed       string        // split seed; "" means the default
	TrainRatio float64       // default 0.8
	DevRatio   float64       // default 0.1; test gets the rest
}

// Exporter streams a corpus export; export/ implements it.
type Exporter interface {
	// Export writes the articles selected by req to w as they are read.
	Export(ctx context.Context, w io.Writer, req ExportRequest) (ExportStats, error)
}

// ExportStats counts what an export wrote.
type ExportStats struct {
	Articles int            `json:"articles"`
	Labels   map[string]int `json:"labels"`
	Splits   map[string]int `json:"splits"`
	Bytes    int64          `json:"bytes"`
}
