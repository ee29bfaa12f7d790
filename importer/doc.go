// Package importer stores articles gathered by other tools: pages captured
// in WARC web archives (import warc) and articles in JSON Lines files
// (import jsonl). Both go through ingest's pipeline (canonical URLs,
// extraction, near-duplicate fingerprint, classification, store) with their
// provenance: the file, the WARC record's id, offset and capture date, or
// the line.
//
// Where things are: importer.go holds the Importer and its worker pool,
// warc.go reads WARC files with github.com/nlnwa/gowarc, strip.go is the
// cheap tag stripper that feeds the classifier's pre-filter, jsonl.go
// reads JSON Lines.
package importer
