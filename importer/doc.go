// Package importer stores articles gathered by other tools: pages captured
// in WARC web archives (import warc) and articles in JSON Lines files
// (import jsonl). Both go through ingest's pipeline (canonical URLs,
// extraction, near-duplicate fingerprint, classification, store) with their
// provenance: the file, the WARC record's id, offset and capture date, or
// the line.
//
// Where things are: importer.go holds the Importer and its worker pool;
// warcframe.go cuts a WARC stream into records (inflating gzip members
// with github.com/klauspost/compress) on the caller's goroutine, and
// warc.go parses and checks each record with github.com/nlnwa/gowarc in
// the workers; filter.go and strip.go are the pre-filter (the
// classifier's term automaton over cheaply stripped text); jsonl.go reads
// JSON Lines.
package importer
