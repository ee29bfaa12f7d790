package transfer

import "strings"

// table describes one table both stores hold.
type table struct {
	name string
	cols []string // every column, the key ones first
	key  int      // how many of cols form the primary key
	// bools are the columns SQLite holds as 0/1 and PostgreSQL as boolean.
	bools map[string]bool
}

// colList is the table's columns joined for a query.
func (t table) colList() string { return strings.Join(t.cols, ", ") }

// keyList is the primary key columns joined for ORDER BY.
func (t table) keyList() string { return strings.Join(t.cols[:t.key], ", ") }

var (
	articles = table{name: "articles", key: 1, bools: map[string]bool{"on_topic": true}, cols: []string{
		"id", "url", "canonical_url", "final_url", "source", "feed", "title", "text", "author", "published",
		"fetched", "updated", "dated", "content_hash", "fingerprint", "cluster_id", "extractor", "seq",
		"on_topic", "labels", "scores", "entities", "evidence", "ruleset", "via", "provenance", "review_id"}}
	articleLabels = table{name: "article_labels", key: 2, cols: []string{"article_id", "label"}}
	bands         = table{name: "fingerprint_bands", key: 2, cols: []string{"band_key", "article_id"}}
	// small are copied whole on every run.
	small = []table{
		{name: "sources", key: 1, cols: []string{"name", "url", "etag", "last_modified", "last_status",
			"last_error", "last_attempt", "last_success", "consecutive_failures", "next_attempt"}},
		{name: "fetch_log", key: 1, cols: []string{"id", "source", "url", "kind", "status", "error", "bytes",
			"duration_ns", "at"}},
		{name: "deliveries", key: 3, cols: []string{"digest", "date", "channel", "status", "attempts",
			"last_error", "next_attempt", "updated_at", "sent_at"}},
		{name: "backfill_progress", key: 2, cols: []string{"source", "url", "kind", "since", "until", "urls",
			"done_at"}},
		{name: "reviews", key: 1, bools: map[string]bool{"on_topic": true}, cols: []string{"id", "article_id",
			"on_topic", "labels", "note", "reviewer", "at", "ruleset"}},
	}
	// all is every table, in the order the report lists them.
	all = append([]table{articles, articleLabels, bands}, small...)
)
