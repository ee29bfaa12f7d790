// Package govwire holds the domain types of govwire and the small interfaces
// between its packages. It imports only the standard library: every other
// package imports it, and none imports another's internals. cmd/govwire wires
// the concrete implementations together.
package govwire

import (
	"crypto/sha256"
	"encoding/hex"
)

// The four labels an on-topic article can carry.
const (
	LabelBid        = "bid"
	LabelAward      = "award"
	LabelProtest    = "protest"
	LabelAllegation = "allegation"
)

// Labels lists every label in the order digests show them: award, protest,
// allegation, bid.
var Labels = []string{LabelAward, LabelProtest, LabelAllegation, LabelBid}

// ValidLabel reports whether s is one of the four labels.
func ValidLabel(s string) bool {
	for _, l := range Labels {
		if l == s {
			return true
		}
	}
	return false
}

// ArticleID returns the stable identifier of the article at canonicalURL:
// the first 16 hex digits of its SHA-256. The same URL always yields the same
// id, so a crashed and restarted ingest never creates a second record.
func ArticleID(canonicalURL string) string {
	sum := sha256.Sum256([]byte(canonicalURL))
	return hex.EncodeToString(sum[:8])
}
