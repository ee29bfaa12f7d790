package govwire

import "time"

// How an article was found: the value of Article.Via.
const (
	ViaFeed    = "feed"    // an item of a source's feed (ingest, serve)
	ViaSitemap = "sitemap" // a URL of a source's sitemap (backfill)
	ViaArchive = "archive" // an item of a paged feed archive (backfill)
	ViaWARC    = "warc"    // a response record of a WARC file (import warc)
	ViaImport  = "import"  // a line of a JSON Lines file (import jsonl)
)

// Vias lists every Via value, in the order above.
var Vias = []string{ViaFeed, ViaSitemap, ViaArchive, ViaWARC, ViaImport}

// Provenance says where exactly an article not read from a feed was found.
// Zero fields are unknown or do not apply.
type Provenance struct {
	File     string    `json:"file,omitempty"`      // WARC or JSON Lines file name ("-" for stdin)
	RecordID string    `json:"record_id,omitempty"` // WARC-Record-ID
	Offset   int64     `json:"offset,omitempty"`    // byte offset of the WARC record in File
	Line     int       `json:"line,omitempty"`      // line of the JSON Lines file
	Captured time.Time `json:"captured,omitzero"`   // WARC-Date: when the page was captured
	Listing  string    `json:"listing,omitempty"`   // the sitemap or archive page that listed the URL
}

// IsZero reports whether p holds nothing.
func (p Provenance) IsZero() bool { return p == Provenance{} }
