package export

// FieldDoc says what one exported field holds, for the datasheet.
type FieldDoc struct {
	Type    string // as a reader of JSON, CSV or Parquet sees it
	Meaning string
}

// Fields describes every name in Columns; a test keeps the two in step, so
// a new column cannot ship without its meaning.
var Fields = map[string]FieldDoc{
	"id":                {"string", "stable id: the first 16 hex digits of SHA-256 of the canonical URL"},
	"url":               {"string", "the link the feed gave"},
	"canonical_url":     {"string", "the link in canonical form (tracking parameters dropped), or the page's rel=canonical"},
	"final_url":         {"string", "the URL the page was fetched from, after redirects"},
	"source":            {"string", "name of the configured source (feed) the article came from"},
	"feed":              {"string", "URL of that feed"},
	"via":               {"string", "how the article was found: feed, sitemap (backfill), archive (a paged feed archive, backfill), warc (import warc) or import (import jsonl)"},
	"provenance":        {"object or null: {file, record_id, offset, line, captured, listing}", "where exactly a non-feed article was found: the WARC or JSON Lines file, the WARC-Record-ID and byte offset of its record or its line, the capture date (WARC-Date), the sitemap or archive page that listed it; null for feed articles"},
	"title":             {"string", "the article's title, as extracted from the page"},
	"text":              {"string", "the article's text, as extracted from the page (empty with --no-text)"},
	"author":            {"string", "the byline, when the page or feed named one"},
	"published":         {"timestamp or null", "when the article was published, from the page or the feed (UTC); null when neither said"},
	"fetched":           {"timestamp", "when govwire first stored the article (UTC)"},
	"on_topic":          {"bool", "whether the story is about a government cloud contract: the latest review's decision when a person reviewed it, else the classifier's (see label_source)"},
	"labels":            {"list of strings", "sorted subset of bid, award, protest, allegation (empty when off topic): the latest review's when reviewed, else the classifier's"},
	"label_bid":         {"bool", "labels contains bid"},
	"label_award":       {"bool", "labels contains award"},
	"label_protest":     {"bool", "labels contains protest"},
	"label_allegation":  {"bool", "labels contains allegation"},
	"label_source":      {"string", "rules or review: whether on_topic and labels are the classifier's or a person's"},
	"rules_on_topic":    {"bool", "the classifier's on_topic decision, whatever a review says"},
	"rules_labels":      {"list of strings", "the classifier's labels, whatever a review says"},
	"review":            {"object or null: {on_topic, labels, reviewer, at, note, ruleset}", "the latest review by a person (reviewer is the name of their API token; ruleset the rule set the article carried then); null when nobody reviewed the article"},
	"scores":            {"map of label to number (a struct in Parquet)", "rule score per label and for on_topic; a label is set when its score passes the rule set's threshold"},
	"evidence":          {"list of {rule, label, field, start, end, text}", "the spans that made each decision: the rule, the label it voted for, and byte offsets into field (title or text); text is the quoted words, empty with --no-text"},
	"entities":          {"list of {type, text, value, amount, field, start, end}", "agencies, vendors, programmes, money (amount normalised) and contract identifiers found, with their normalised value and byte offsets"},
	"cluster_id":        {"string", "near-duplicate cluster: the id of its earliest article (copies of one story share it)"},
	"cluster_size":      {"int", "how many stored articles the cluster has, exported or not"},
	"ruleset":           {"string", "hash of the rule set that produced the labels (reproduce with govwire reclassify)"},
	"extractor":         {"string", "the text extractor that took the text from the page"},
	"extractor_version": {"string", "its version"},
	"split":             {"string", "train, dev or test, assigned per cluster by sha256(seed, cluster_id)"},
}
