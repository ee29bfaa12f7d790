// Package index is govwire's search index over Bleve. It owns the indexed
// document type and a static mapping, writes in batches from one writer,
// remembers up to which store change sequence it is current (so it can catch
// up after a crash), rebuilds itself from the store into a new directory and
// swaps it in, and answers govwire.SearchQuery with filters, facets, sorting,
// deep paging, near-duplicate collapse and HTML-escaped snippets.
//
// Bleve never leaks out of this package: callers see govwire types only.
//
// How a process uses it:
//
//   - serve: Open(path) once, then CatchUp(ctx, store) before answering
//     searches (the index may be behind the store after a crash), and again
//     after each ingest pass, or call Index with the saved articles in Seq
//     order from the one writer. Index records the highest Seq it has
//     written with each batch, so out-of-order writers could skip changes:
//     CatchUp is the simple, crash-safe choice.
//   - rebuilding while serving: (*Index).Rebuild builds into path+".new"
//     while searches go on, swaps the directories under a brief exclusive
//     lock, reopens, and catches up with changes made during the build.
//   - govwire reindex: the package function Rebuild, for an index no process
//     has open. Bleve locks an open index's root file, so Open and Rebuild
//     report EUNAVAILABLE instead of waiting while serve runs.
//
// Settings are Options of each index, given at open (OpenWith,
// NewMemoryWith, RebuildWith); there are no package-level knobs.
//
// Searches are bounded: query length, page size and depth, regexps, leading
// wildcards, fuzziness, clauses, wildcard size and the number of expanding
// terms are checked before Bleve sees the query (bounds.go); term expansion
// is capped (Options.MaxTermSearchers), every search has a deadline
// (Options.SearchTimeout), and a panic inside Bleve becomes an error.
//
// A new query is kept cheap (facetcount.go, page.go, topn.go, datesort.go,
// phrase.go): facets are counted exactly in the same pass that finds the
// page, from per-segment tables of each document's facet values (built once
// per segment), not from doc values decoded per match; the page's matches
// are chosen by an own top-N that reads the stored ids of the page's
// candidates only (Bleve's id tie-break reads every match's), pages sorted
// by date read a per-segment date column kept with the facet tables, the
// filters the tables can answer are checked in the page's match handler
// (colfilter.go), and phrases are checked on flat location lists. Options.ExactFacetLimit can still switch large searches to
// sampled, estimated facets (facets.go).
//
// Searches are cached (cache.go, searchcache.go): a page (hits, total, next
// cursor) and the facets of its query and filters are kept in two bounded
// LRU caches, valid for the index generation they were computed on (every
// write or swap moves it). A stale entry is served while one background
// refresh recomputes it (at most maxRefreshes at once), and an on-disk index
// recomputes an identical search at most once per Options.CacheLag (2 s) while ingest
// writes: hits, totals and facets may lag writes by that much, or a few
// seconds more when refreshes queue up on a busy machine. A computed page
// loads stored fields and term locations only for its own hits, with a
// second request over their ids, and their text from Options.Texts (the
// article store): the index does not store article text, which kept it a
// third smaller and kept searches reading ids from mapping it into memory.
//
// Merges are capped at Options.MaxSegmentDocs documents per segment, in a
// rebuild and while serving alike, so no merge rewrites most of the index.
package index

import (
	"time"

	"github.com/govwire/govwire"
)

// Field names of the indexed document. The query string may name any of
// them (title:oracle, labels:protest, vendors:"Amazon Web Services").
const (
	fieldTitle      = "title"
	fieldText       = "text"
	fieldURL        = "url"
	fieldSource     = "source"
	fieldLabels     = "labels"
	fieldVendors    = "vendors"
	fieldAgencies   = "agencies"
	fieldProgrammes = "programmes"
	fieldCluster    = "cluster"
	fieldPublished  = "published"
	fieldMonth      = "month"
	fieldOnTopic    = "on_topic"
	fieldSample     = "sample" // sample levels, for estimated facets (facets.go); not queryable
	// Timelines and entity pages (timeline.go, entities.go).
	fieldMilestone   = "milestone"    // the article's milestone (milestone.go); stored
	fieldEvidence    = "evidence"     // "label\x1fkey sentence" per label; stored only
	fieldLabelMonth  = "label_month"  // "2026-11 award" per label and "2026-11 =award" for the primary label
	fieldIdentifiers = "identifiers"  // GAO B-numbers, solicitation and contract numbers (queries only)
	fieldRelated     = "related"      // "type\x1fvalue" of every entity: one doc-values field for entity pages
	fieldLabelSrc    = "label_source" // rules or review: where labels and on_topic come from
	scorePrefix      = "score_"
)

// doc is what Bleve indexes for one article. It is deliberately flat and
// separate from govwire.Article so the mapping stays static and explicit.
type doc struct {
	Title      string    `json:"title"`
	Text       string    `json:"text"`
	URL        string    `json:"url"`
	Source     string    `json:"source"`
	Via        string    `json:"via"`
	Labels     []string  `json:"labels"`
	Vendors    []string  `json:"vendors"`
	Agencies   []string  `json:"agencies"`
	Programmes []string  `json:"programmes"`
	Cluster    string    `json:"cluster"`
	Published  time.Time `json:"published"` // Published, or Fetched when unknown
	Month      string    `json:"month"`     // "2006-01" of Published
	OnTopic    bool      `json:"on_topic"`
	// Labels and OnTopic are the effective ones: a review wins over the
	// rules, and LabelSource says which it is.
	LabelSource string `json:"label_source"`
	// One numeric field per label score, for queries like score_protest:>0.8.
	ScoreBid        float64 `json:"score_bid"`
	ScoreAward      float64 `json:"score_award"`
	ScoreProtest    float64 `json:"score_protest"`
	ScoreAllegation float64 `json:"score_allegation"`
	// Sample holds the document's sample levels (see facets.go).
	Sample []string `json:"sample"`
	// For timelines and entity pages.
	Milestone   string   `json:"milestone"`
	Evidence    []string `json:"evidence"`
	LabelMonth  []string `json:"label_month"`
	Identifiers []string `json:"identifiers"`
	Related     []string `json:"related"`
}

// newDoc converts a stored article into its indexed form.
func newDoc(a *govwire.Article) doc {
	pub := a.Published
	if pub.IsZero() {
		pub = a.Fetched
	}
	pub = pub.UTC()
	cluster := a.ClusterID
	if cluster == "" {
		cluster = a.ID
	}
	d := doc{
		Title:      a.Title,
		Text:       a.Text,
		URL:        a.URL,
		Source:     a.Source,
		Via:        viaOf(a),
		Labels:     a.EffectiveLabels(),
		Vendors:    a.EntityValues(govwire.EntityVendor),
		Agencies:   a.EntityValues(govwire.EntityAgency),
		Programmes: a.EntityValues(govwire.EntityProgramme),
		Cluster:    cluster,
		Published:  pub,
		OnTopic:    a.EffectiveOnTopic(),
		Sample:     sampleOf(a.ID),

		LabelSource: a.LabelSource(),
	}
	if !pub.IsZero() {
		d.Month = pub.Format("2006-01")
	}
	addTimelineFields(&d, a)
	d.ScoreBid = a.Scores[govwire.LabelBid]
	d.ScoreAward = a.Scores[govwire.LabelAward]
	d.ScoreProtest = a.Scores[govwire.LabelProtest]
	d.ScoreAllegation = a.Scores[govwire.LabelAllegation]
	return d
}
