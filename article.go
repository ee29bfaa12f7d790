package govwire

import "time"

// Article is one news story as stored: where it came from, its extracted
// text, its near-duplicate cluster and its classification.
type Article struct {
	ID           string      `json:"id"`            // ArticleID(CanonicalURL)
	URL          string      `json:"url"`           // the link as the feed gave it
	CanonicalURL string      `json:"canonical_url"` // normalised, or the page's rel=canonical
	FinalURL     string      `json:"final_url"`     // after redirects
	Source       string      `json:"source"`        // source name from config
	Feed         string      `json:"feed"`          // feed URL the item came from
	Title        string      `json:"title"`
	Text         string      `json:"text"`
	Author       string      `json:"author,omitempty"`
	Published    time.Time   `json:"published"` // zero when unknown
	Fetched      time.Time   `json:"fetched"`   // first time govwire stored it
	Updated      time.Time   `json:"updated"`   // last time its content changed
	ContentHash  string      `json:"content_hash"`
	Fingerprint  Fingerprint `json:"-"`
	ClusterID    string      `json:"cluster_id"` // id of the earliest article of its near-duplicate cluster
	Extractor    string      `json:"extractor"`  // name and version of the extractor that made Text
	Seq          int64       `json:"-"`          // store change sequence; the index tracks it
	// Via says how the article was first found (one of the Via* values;
	// "" is stored as ViaFeed), Provenance where exactly.
	Via        string      `json:"via"`
	Provenance *Provenance `json:"provenance,omitempty"`

	Classification         // the rules' decision; see EffectiveLabels for what is shown
	Review         *Review `json:"review,omitempty"` // the latest review, nil when none
}

// Classification is what the classifier decided about one article, with the
// evidence for every decision.
type Classification struct {
	OnTopic  bool               `json:"on_topic"`
	Labels   []string           `json:"labels"`   // sorted
	Scores   map[string]float64 `json:"scores"`   // per label, and "on_topic"
	Entities []Entity           `json:"entities"` // agencies, vendors, programmes, money, identifiers
	Evidence []Evidence         `json:"evidence"`
	Ruleset  string             `json:"ruleset"` // hash of the rule set that produced it
}

// HasLabel reports whether c carries label l.
func (c Classification) HasLabel(l string) bool {
	for _, x := range c.Labels {
		if x == l {
			return true
		}
	}
	return false
}

// EntityValues returns the distinct normalised values of c's entities of
// type typ, in first-seen order.
func (c Classification) EntityValues(typ string) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range c.Entities {
		if e.Type == typ && !seen[e.Value] {
			seen[e.Value] = true
			out = append(out, e.Value)
		}
	}
	return out
}

// Evidence is one span of text that made a rule fire.
type Evidence struct {
	Rule  string `json:"rule"`  // rule id
	Label string `json:"label"` // label or "on_topic"
	Field string `json:"field"` // "title" or "text"
	Start int    `json:"start"` // byte offset into the field, inclusive
	End   int    `json:"end"`   // byte offset, exclusive
	Text  string `json:"text"`  // the field's bytes [Start:End]
}

// Entity types.
const (
	EntityAgency     = "agency"
	EntityVendor     = "vendor"
	EntityProgramme  = "programme"
	EntityMoney      = "money"
	EntityIdentifier = "identifier"
)

// Entity is a named thing found in an article.
type Entity struct {
	Type   string  `json:"type"`             // one of the Entity* constants
	Text   string  `json:"text"`             // as written
	Value  string  `json:"value"`            // normalised: canonical name, or the identifier
	Amount float64 `json:"amount,omitempty"` // money, in units of the currency
	Field  string  `json:"field"`
	Start  int     `json:"start"`
	End    int     `json:"end"`
}

// Document is the classifier's input.
type Document struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Text      string    `json:"text"`
	URL       string    `json:"url,omitempty"`
	Published time.Time `json:"published,omitzero"`
}

// Classifier decides whether a document is on topic and which labels it
// carries. Implementations are safe for concurrent use.
type Classifier interface {
	Classify(d Document) Classification
	// Ruleset returns the hash stamped on every Classification.
	Ruleset() string
}
