package govwire

import (
	"context"
	"time"
)

// Timeline and entity limits, enforced by index and api.
const (
	DefaultTimelineSize = 200  // events a timeline returns unless asked
	MaxTimelineSize     = 1000 // events one timeline may return
	MaxEntityList       = 50   // values GET /v1/entities lists
	EntityLatest        = 10   // latest stories on an entity page
	EntityRelated       = 10   // co-occurring values per type, money amounts and identifiers on an entity page
)

// Milestones: what an event means in a programme's story. A protest with a
// known outcome is "protest_" plus the outcome.
const (
	MilestoneFirstBid      = "first_bid"
	MilestoneBid           = "bid" // a later bid: shown without a milestone
	MilestoneAward         = "award"
	MilestoneReAward       = "re_award"
	MilestoneProtest       = "protest"
	MilestoneAllegation    = "allegation"
	MilestoneInvestigation = "investigation"
)

// Protest outcomes, as the text states them.
const (
	OutcomeSustained = "sustained"
	OutcomeDenied    = "denied"
	OutcomeDismissed = "dismissed"
	OutcomeWithdrawn = "withdrawn"
)

// Timeline is the events of a search in date order, oldest first, one per
// near-duplicate cluster, with the matching stories counted per month.
type Timeline struct {
	Total     uint64          `json:"total"`     // matching articles (every cluster member)
	Events    []TimelineEvent `json:"events"`    // oldest first, at most the size asked for
	Truncated bool            `json:"truncated"` // more events match than were returned
	Months    []MonthCount    `json:"months"`    // matching articles per month, oldest first
}

// TimelineEvent is one story on a timeline: the earliest article of its
// cluster, the other members under Also.
type TimelineEvent struct {
	Date      time.Time      `json:"date"`
	ID        string         `json:"id"`
	Title     string         `json:"title"`
	URL       string         `json:"url"`
	Source    string         `json:"source"`
	Labels    []string       `json:"labels"`
	Milestone string         `json:"milestone,omitempty"` // a Milestone* constant, or "protest_<outcome>"
	Evidence  *EventEvidence `json:"evidence,omitempty"`
	Also      []EventCopy    `json:"also"`
}

// EventEvidence is the key sentence of an event: the sentence holding the
// evidence of one of its labels.
type EventEvidence struct {
	Label string `json:"label"`
	Text  string `json:"text"`
}

// EventCopy is another article of an event's cluster.
type EventCopy struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	URL    string `json:"url"`
}

// MonthCount counts articles of one month. Labels counts every label an
// article carries (an article with two labels counts under both); Primary
// counts each article once, under its first label in the order of Labels
// (award, protest, allegation, bid), or "none".
type MonthCount struct {
	Month   string         `json:"month"` // "2026-11"
	Total   int            `json:"total"`
	Labels  map[string]int `json:"labels"`
	Primary map[string]int `json:"primary"`
}

// EntityRef is one entity value and how many articles mention it.
type EntityRef struct {
	Type  string `json:"type"`
	Value string `json:"value"`
	Count int    `json:"count"`
}

// EntityPage is what is known about one entity from the on-topic articles
// that mention it.
type EntityPage struct {
	Type        string                 `json:"type"`
	Value       string                 `json:"value"`
	Articles    uint64                 `json:"articles"`
	Labels      map[string]int         `json:"labels"`
	Months      []MonthCount           `json:"months"`  // oldest first
	Related     map[string][]EntityRef `json:"related"` // co-occurring values by entity type, most frequent first
	Money       []EntityRef            `json:"money"`   // amounts mentioned, as "USD 10000000000"
	Identifiers []EntityRef            `json:"identifiers"`
	Latest      []Hit                  `json:"latest"` // newest first
}

// Timelines answers timelines and entity pages. index/ implements it over
// Bleve.
type Timelines interface {
	// Timeline returns the events of q; its paging and sort are ignored,
	// Size caps the events (0: DefaultTimelineSize; negative: none, only
	// the months).
	Timeline(ctx context.Context, q SearchQuery) (*Timeline, error)
	// Entities lists values of entity type typ (any type when "") whose
	// name contains q, case-insensitively, most mentioned first.
	Entities(ctx context.Context, typ, q string, limit int) ([]EntityRef, error)
	// Entity returns the page of one entity, ENOTFOUND when no on-topic
	// article mentions it.
	Entity(ctx context.Context, typ, value string) (*EntityPage, error)
}

// EntityPageTypes are the entity types that have pages.
var EntityPageTypes = []string{EntityProgramme, EntityAgency, EntityVendor, EntityIdentifier}
