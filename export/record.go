package export

import (
	"strings"
	"time"

	"github.com/govwire/govwire"
)

// Record is one exported article: the same fields in every format.
type Record struct {
	ID               string              `json:"id"`
	URL              string              `json:"url"`
	CanonicalURL     string              `json:"canonical_url"`
	FinalURL         string              `json:"final_url"`
	Source           string              `json:"source"`
	Feed             string              `json:"feed"`
	Via              string              `json:"via"`
	Provenance       *govwire.Provenance `json:"provenance"` // null for feed articles
	Title            string              `json:"title"`
	Text             string              `json:"text"`
	Author           string              `json:"author"`
	Published        *time.Time          `json:"published"` // null when the page gave no date
	Fetched          time.Time           `json:"fetched"`
	OnTopic          bool                `json:"on_topic"`
	Labels           []string            `json:"labels"`
	LabelBid         bool                `json:"label_bid"`
	LabelAward       bool                `json:"label_award"`
	LabelProtest     bool                `json:"label_protest"`
	LabelAllegation  bool                `json:"label_allegation"`
	LabelSource      string              `json:"label_source"` // rules or review: where on_topic and labels come from
	RulesOnTopic     bool                `json:"rules_on_topic"`
	RulesLabels      []string            `json:"rules_labels"`
	Review           *ReviewRecord       `json:"review"` // the latest review; null when none
	Scores           map[string]float64  `json:"scores"`
	Evidence         []govwire.Evidence  `json:"evidence"`
	Entities         []govwire.Entity    `json:"entities"`
	ClusterID        string              `json:"cluster_id"`
	ClusterSize      int                 `json:"cluster_size"`
	Ruleset          string              `json:"ruleset"`
	Extractor        string              `json:"extractor"`
	ExtractorVersion string              `json:"extractor_version"`
	Split            string              `json:"split"`
}

// Columns names the fields in their export order (CSV header, Parquet schema).
var Columns = []string{
	"id", "url", "canonical_url", "final_url", "source", "feed", "via", "provenance", "title", "text", "author",
	"published", "fetched", "on_topic", "labels", "label_bid", "label_award", "label_protest",
	"label_allegation", "label_source", "rules_on_topic", "rules_labels", "review", "scores", "evidence", "entities", "cluster_id", "cluster_size",
	"ruleset", "extractor", "extractor_version", "split",
}

// newRecord flattens a stored article. With noText the article text and the
// evidence and entity quotes are left out; offsets stay.
func newRecord(a *govwire.Article, clusterSize int, split string, noText bool) *Record {
	r := &Record{
		ID: a.ID, URL: a.URL, CanonicalURL: a.CanonicalURL, FinalURL: a.FinalURL,
		Source: a.Source, Feed: a.Feed, Via: a.Via, Provenance: a.Provenance, Title: a.Title, Text: a.Text, Author: a.Author,
		Fetched: a.Fetched.UTC(), OnTopic: a.EffectiveOnTopic(), Labels: a.EffectiveLabels(),
		LabelBid: a.HasEffectiveLabel(govwire.LabelBid), LabelAward: a.HasEffectiveLabel(govwire.LabelAward),
		LabelProtest:    a.HasEffectiveLabel(govwire.LabelProtest),
		LabelAllegation: a.HasEffectiveLabel(govwire.LabelAllegation),
		LabelSource:     a.LabelSource(), RulesOnTopic: a.OnTopic, RulesLabels: a.Labels, Review: reviewRecord(a.Review),
		Scores: a.Scores, Evidence: a.Evidence, Entities: a.Entities,
		ClusterID: a.ClusterID, ClusterSize: max(clusterSize, 1), Ruleset: a.Ruleset, Split: split,
	}
	if !a.Published.IsZero() {
		p := a.Published.UTC()
		r.Published = &p
	}
	r.Extractor, r.ExtractorVersion, _ = strings.Cut(a.Extractor, " ")
	if r.Via == "" {
		r.Via = govwire.ViaFeed
	}
	if r.RulesLabels == nil {
		r.RulesLabels = []string{}
	}
	if r.Scores == nil {
		r.Scores = map[string]float64{}
	}
	if r.Evidence == nil {
		r.Evidence = []govwire.Evidence{}
	}
	if r.Entities == nil {
		r.Entities = []govwire.Entity{}
	}
	if noText {
		r.Text = ""
		r.Evidence = blankEvidence(r.Evidence)
		r.Entities = blankEntities(r.Entities)
	}
	return r
}

func blankEvidence(in []govwire.Evidence) []govwire.Evidence {
	out := make([]govwire.Evidence, len(in))
	for i, e := range in {
		if e.Field != "title" {
			e.Text = ""
		}
		out[i] = e
	}
	return out
}

func blankEntities(in []govwire.Entity) []govwire.Entity {
	out := make([]govwire.Entity, len(in))
	for i, e := range in {
		if e.Field != "title" {
			e.Text = ""
		}
		out[i] = e
	}
	return out
}

// ReviewRecord is the latest review of an exported article.
type ReviewRecord struct {
	OnTopic  bool      `json:"on_topic"`
	Labels   []string  `json:"labels"`
	Reviewer string    `json:"reviewer"`
	At       time.Time `json:"at"`
	Note     string    `json:"note"`
	Ruleset  string    `json:"ruleset"`
}

// reviewRecord converts r; nil stays nil.
func reviewRecord(r *govwire.Review) *ReviewRecord {
	if r == nil {
		return nil
	}
	labels := r.Labels
	if labels == nil {
		labels = []string{}
	}
	return &ReviewRecord{OnTopic: r.OnTopic, Labels: labels, Reviewer: r.Reviewer, At: r.At.UTC(), Note: r.Note, Ruleset: r.Ruleset}
}
