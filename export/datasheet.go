package export

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/template"

	"github.com/govwire/govwire"
)

// writeDatasheet writes datasheet.md: what the corpus is, how it was made
// and what it cannot be trusted for.
func writeDatasheet(w io.Writer, m Manifest) error {
	return datasheetTmpl.Execute(w, m)
}

var datasheetTmpl = template.Must(template.New("datasheet").Funcs(template.FuncMap{
	"sorted":    func(m map[string]int) []string { return slices.Sorted(maps.Keys(m)) },
	"labels":    func() []string { return govwire.Labels },
	"join":      strings.Join,
	"percent":   func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
	"agreement": agreementRows,
	"measure":   measure,
	"field": func(name string) FieldDoc {
		if d, ok := Fields[name]; ok {
			return d
		}
		return FieldDoc{Type: "?", Meaning: "(not described)"}
	},
}).Parse(`# Datasheet: govwire labelled corpus

## What it is
News articles about government cloud contracts (and, unless filtered, near misses), collected by govwire from
RSS/Atom/JSON feeds, with the full article text extracted from each page, and labelled by govwire's rule-based
classifier: **on_topic** (the story is about a government cloud contract) and zero or more of **bid**, **award**,
**protest** and **allegation**. Every label comes with its evidence: the rule that fired and the character span
of the words that made it fire.

## Label definitions
- **bid**: a competition for the contract is under way or happened: solicitation/RFP/RFI issued, proposals submitted,
  bidders shortlisted or excluded. Not "bid protest", not "in a bid to", not sole-source awards.
- **award**: a contract, task order, framework place or selection was awarded, won or signed.
- **protest**: a formal challenge to a procurement decision (GAO, Court of Federal Claims, agency-level, appeal).
  Not street or staff protests.
- **allegation**: a claim or investigation of integrity problems: conflict of interest, bias, political
  interference, favouritism, improper influence, corruption.
Future or hypothetical events do not count. Off-topic articles carry no labels.

## Counts
| | articles |
| --- | --- |
| total | {{.Summary.Articles}} |
{{- range labels}}
| {{.}} | {{index $.Summary.Labels .}} |
{{- end}}
{{- range sorted .Summary.Splits}}
| split {{.}} | {{index $.Summary.Splits .}} |
{{- end}}

Published from {{if .Summary.First.IsZero}}(unknown){{else}}{{.Summary.First.Format "2006-01-02"}}{{end}} to {{if .Summary.Last.IsZero}}(unknown){{else}}{{.Summary.Last.Format "2006-01-02"}}{{end}}.

## Sources
| source | articles |
| --- | --- |
{{- range sorted .Summary.Sources}}
| {{.}} | {{index $.Summary.Sources .}} |
{{- end}}

## How the articles were found
| via | articles |
| --- | --- |
{{- range sorted .Summary.Via}}
| {{.}} | {{index $.Summary.Via .}} |
{{- end}}

feed: an item of a source's feed; sitemap and archive: found by ` + "`govwire backfill`" + ` in the source's sitemaps or
paged feed archive; warc: a page captured in a WARC file (` + "`govwire import warc`" + `; the provenance column names the
file, record and capture date); import: a line of a JSON Lines file gathered by another tool (` + "`govwire import jsonl`" + `).

## Reviews
{{if .Summary.Reviewed -}}
{{.Summary.Reviewed}} of the {{.Summary.Articles}} rows were reviewed by a person (` + "`label_source`" + ` is ` + "`review`" + `): on those rows
` + "`on_topic`" + ` and ` + "`labels`" + ` are the latest reviewer's decision, ` + "`rules_on_topic`" + ` and ` + "`rules_labels`" + ` the classifier's, and
` + "`review`" + ` says who reviewed it, when, and why (the note). On every other row the labels are the classifier's.

How often the rules agree with the reviewers on the reviewed rows, the reviewer's decision taken as the truth
(precision: share of the rules' yes that reviewers kept; recall: share of the reviewers' yes the rules found;
Cohen's kappa: agreement beyond what the two yes rates give by chance, 1 perfect, 0 chance; n/a where a measure
is undefined):

| decision | rules yes, reviewer yes | rules yes, reviewer no | rules no, reviewer yes | rules no, reviewer no | precision | recall | kappa |
| --- | --- | --- | --- | --- | --- | --- | --- |
{{- range agreement .Summary}}
| {{.Decision}} | {{.Both}} | {{.RulesOnly}} | {{.ReviewOnly}} | {{.Neither}} | {{measure .Precision}} | {{measure .Recall}} | {{measure .Kappa}} |
{{- end}}

Reviewed articles are not a random sample (reviewers pick from a queue that favours doubtful cases), so these
figures describe the rules on hard cases more than on the stream as a whole.
{{- else -}}
No row was reviewed: every label is the classifier's (` + "`label_source`" + ` is ` + "`rules`" + ` throughout).
{{- end}}

## How it was made
- Command: ` + "`{{.Command}}`" + `
- Created: {{.Created.Format "2006-01-02T15:04:05Z07:00"}}
- Format: {{.Format}}{{if .NoText}} (without article text: offsets only){{end}}
- Filter: {{if .Filter.Labels}}labels {{join .Filter.Labels ", "}}; {{end}}{{if .Filter.Query}}query "{{.Filter.Query}}"; {{end}}{{if .Filter.ReviewedOnly}}reviewed articles only; {{end}}{{if .Filter.OnTopicOnly}}on-topic only{{else}}all articles{{end}}; {{if .Filter.OnePerCluster}}one article per near-duplicate cluster (the earliest){{else}}near-duplicates included{{end}}
- Rule sets (hash: articles):{{range sorted .Summary.Rulesets}} ` + "`{{.}}`" + `: {{index $.Summary.Rulesets .}};{{end}}
  relabel from stored text with ` + "`govwire reclassify`" + ` to reproduce labels under one rule set.
- Split: train {{percent .Split.Train}} / dev {{percent .Split.Dev}} / test {{percent .Split.Test}}, assigned by {{.Split.By}} with seed "{{.Split.Seed}}",
  so copies of one story never straddle two splits and the same corpus and seed give the same split.

## Fields
| field | type | meaning |
| --- | --- | --- |
{{- range .Columns}}
| ` + "`{{.}}`" + ` | {{(field .).Type}} | {{(field .).Meaning}} |
{{- end}}

Offsets (` + "`start`, `end`" + `) are byte offsets into the UTF-8 field named by ` + "`field`" + `. In CSV, lists and maps are
JSON text; in Parquet they are typed columns.

## Known limitations
- Labels are produced by rules, not by people, except on rows whose ` + "`label_source`" + ` is ` + "`review`" + `: the rules make
  mistakes, most often on borderline tense (planned vs happened) and on background mentions. Check ` + "`govwire eval`" + ` figures before using labels as ground truth.
- Text is extracted automatically from web pages and may keep some page furniture or lose some paragraphs.
- Near-duplicate clustering uses MinHash over word shingles: heavily rewritten copies of a story may form
  separate clusters, and two different stories with much shared boilerplate may merge.
- Coverage is that of the configured feeds (and of any backfill or import): not a random sample of the news.
- Article text is copyrighted by its publishers: share exports made with --no-text where redistribution is not allowed.
`))
