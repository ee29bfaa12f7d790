package govwire

import (
	"context"
	"log/slog"
	"slices"
	"time"
)

// Where the labels a place shows come from (label_source).
const (
	LabelSourceRules  = "rules"  // the classifier's decision
	LabelSourceReview = "review" // the latest review, which wins over the rules
)

// Review roles, for api.tokens.
const (
	RoleReviewer = "reviewer" // may review articles
	RoleAdmin    = "admin"    // may review, ingest and read jobs
)

// Review is a person's decision about an article: whether it is on topic and
// which labels it carries. Reviews are kept forever; a later one supersedes
// an earlier one, which stays in the history.
type Review struct {
	ArticleID string    `json:"article_id"`
	OnTopic   bool      `json:"on_topic"`
	Labels    []string  `json:"labels"` // sorted; empty when OnTopic is false
	Note      string    `json:"note,omitempty"`
	Reviewer  string    `json:"reviewer"` // the token's name, never the token
	At        time.Time `json:"at"`
	Ruleset   string    `json:"ruleset"` // the rule-set hash the article carried when reviewed
}

// Normalize sorts and deduplicates r's labels, drops them when r is off
// topic and returns the first unknown label, if any ("" when all are known).
func (r *Review) Normalize() (unknown string) {
	for _, l := range r.Labels {
		if !ValidLabel(l) {
			return l
		}
	}
	r.Labels = slices.Compact(slices.Sorted(slices.Values(r.Labels)))
	if !r.OnTopic || r.Labels == nil {
		r.Labels = []string{}
	}
	return ""
}

// Same reports whether r and o record the same decision by the same person
// at the same time (what reviews import uses to stay idempotent).
func (r Review) Same(o Review) bool {
	return r.ArticleID == o.ArticleID && r.OnTopic == o.OnTopic && slices.Equal(r.Labels, o.Labels) &&
		r.Note == o.Note && r.Reviewer == o.Reviewer && r.At.Equal(o.At)
}

// EffectiveOnTopic is the article's on-topic decision as shown everywhere:
// the latest review's when there is one, the rules' otherwise.
func (a *Article) EffectiveOnTopic() bool {
	if a.Review != nil {
		return a.Review.OnTopic
	}
	return a.OnTopic
}

// EffectiveLabels are the article's labels as shown everywhere: the latest
// review's when there is one, the rules' otherwise. Sorted; never nil.
func (a *Article) EffectiveLabels() []string {
	l := a.Labels
	if a.Review != nil {
		l = a.Review.Labels
	}
	if l == nil {
		return []string{}
	}
	return l
}

// HasEffectiveLabel reports whether the article's effective labels include l.
func (a *Article) HasEffectiveLabel(l string) bool {
	return slices.Contains(a.EffectiveLabels(), l)
}

// LabelSource says where the effective labels come from: LabelSourceReview
// or LabelSourceRules.
func (a *Article) LabelSource() string {
	if a.Review != nil {
		return LabelSourceReview
	}
	return LabelSourceRules
}

// ReviewStore keeps reviews. SQLite implements it in store/.
type ReviewStore interface {
	// SaveReview records a review of article articleID and returns it as
	// stored: labels normalised, At set to the store's clock when zero,
	// Ruleset set to the article's current rule set when empty. The latest
	// review (by At, then by order of saving) becomes the article's
	// effective decision, its labels the article's label filter, and the
	// article's Seq moves so the index catches up. An unknown article is
	// ENOTFOUND, an unknown label EINVALID. Concurrent saves are serialised:
	// none is lost.
	SaveReview(ctx context.Context, articleID string, r Review) (Review, error)
	// Reviews returns every review of an article, oldest first (the last is
	// the effective one); none is an empty slice, not an error.
	Reviews(ctx context.Context, articleID string) ([]Review, error)
	// ScanReviews calls fn for every review of every article, in the order
	// they were saved. An error from fn stops the scan and is returned.
	ScanReviews(ctx context.Context, fn func(Review) error) error
	// CountReviewed returns how many articles have at least one review.
	CountReviewed(ctx context.Context) (int, error)
}

// APIToken is one bearer token of the HTTP API (config api.tokens). Its
// LogValue shows the name and role only, so the token never reaches a log.
type APIToken struct {
	Name  string `yaml:"name" json:"name"` // stored with each review made with it
	Token string `yaml:"token" json:"-"`   // the secret; write it as ${ENV} in the file
	Role  string `yaml:"role" json:"role"` // RoleReviewer or RoleAdmin
}

// LogValue implements slog.LogValuer without the secret.
func (t APIToken) LogValue() slog.Value {
	return slog.GroupValue(slog.String("name", t.Name), slog.String("role", t.Role))
}

// String shows the name and role only.
func (t APIToken) String() string { return t.Name + " (" + t.Role + ")" }

// GoString shows the name and role only (for %#v).
func (t APIToken) GoString() string { return "govwire.APIToken{" + t.String() + "}" }
