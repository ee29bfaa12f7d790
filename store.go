package govwire

import (
	"context"
	"time"
)

// SaveResult says what SaveArticle did.
type SaveResult int

// The outcomes of SaveArticle.
const (
	SaveCreated   SaveResult = iota + 1 // a new canonical URL
	SaveUpdated                         // its content or classification changed
	SaveUnchanged                       // same content hash and classification: nothing written
)

// String names the result, for logs and summaries.
func (r SaveResult) String() string {
	switch r {
	case SaveCreated:
		return "created"
	case SaveUpdated:
		return "updated"
	case SaveUnchanged:
		return "unchanged"
	}
	return "unknown"
}

// ArticleFilter selects articles for ScanArticles. Zero fields select all.
type ArticleFilter struct {
	IDs           []string  // only these
	Labels        []string  // carrying any of these labels (effective: a review wins)
	Sources       []string  // from any of these sources
	Since, Until  time.Time // published in [Since, Until); articles without a date use Fetched
	FetchedSince  time.Time // first stored in [FetchedSince, FetchedUntil)
	FetchedUntil  time.Time
	OnTopicOnly   bool // effectively on topic (a review wins over the rules)
	ReviewedOnly  bool // only articles with at least one review
	OnePerCluster bool // keep only the earliest article of each cluster
	NoText        bool // leave Text empty (cheaper)
}

// ArticleStore is the record of articles. SQLite implements it in store/.
type ArticleStore interface {
	// SeenURL reports the id of an article whose URL, canonical URL or final
	// URL is url.
	SeenURL(ctx context.Context, url string) (id string, ok bool, err error)
	// SaveArticle inserts or updates a by its canonical URL, setting a.ID,
	// a.ClusterID (near-duplicate lookup by Fingerprint), a.Fetched (kept
	// from the first save) and a.Seq. One transaction: a crash leaves either
	// the old record or the new one.
	SaveArticle(ctx context.Context, a *Article) (SaveResult, error)
	// Article returns one article with its text and classification, or an
	// ENOTFOUND error.
	Article(ctx context.Context, id string) (*Article, error)
	// ClusterMembers returns the articles of a cluster, earliest first.
	ClusterMembers(ctx context.Context, clusterID string) ([]*Article, error)
	// ScanArticles calls fn for each article matching f, ordered by Fetched
	// then ID, reading the table in pages so memory stays constant. An error
	// from fn stops the scan and is returned.
	ScanArticles(ctx context.Context, f ArticleFilter, fn func(*Article) error) error
	// CountArticles returns how many articles match f.
	CountArticles(ctx context.Context, f ArticleFilter) (int, error)
	// SaveClassification replaces an article's classification (reclassify);
	// changed is false when it was already the same.
	SaveClassification(ctx context.Context, id string, c Classification) (changed bool, err error)
	// ChangesSince returns up to limit articles whose Seq is above seq,
	// in Seq order, for the index to catch up.
	ChangesSince(ctx context.Context, seq int64, limit int) ([]*Article, error)
	// LastSeq is the highest Seq in the store.
	LastSeq(ctx context.Context) (int64, error)
}

// SourceStore keeps each source's fetch state and the fetch log.
type SourceStore interface {
	// SourceState returns the state of source name; a source never seen
	// yields a zero state with Name set.
	SourceState(ctx context.Context, name string) (SourceState, error)
	SaveSourceState(ctx context.Context, s SourceState) error
	// Sources returns every known source's state, with Articles counted.
	Sources(ctx context.Context) ([]SourceState, error)
	LogFetch(ctx context.Context, e FetchLogEntry) error
}

// Delivery states.
const (
	DeliveryPending = "pending" // claimed, being sent
	DeliverySent    = "sent"
	DeliveryFailed  = "failed" // will be retried at NextAttempt
)

// Delivery is the record of one digest sent, or being sent, to one channel.
type Delivery struct {
	Digest      string    `json:"digest"`
	Date        string    `json:"date"`    // YYYY-MM-DD in the digest's time zone
	Channel     string    `json:"channel"` // e.g. "file", "smtp:team@example.org", "webhook:https://..."
	Status      string    `json:"status"`
	Attempts    int       `json:"attempts"`
	LastError   string    `json:"last_error,omitempty"`
	NextAttempt time.Time `json:"next_attempt,omitzero"`
	UpdatedAt   time.Time `json:"updated_at"`
	SentAt      time.Time `json:"sent_at,omitzero"`
}

// DeliveryStore records digest deliveries so each goes out exactly once.
type DeliveryStore interface {
	// Delivery returns the record for (digest, date, channel), ENOTFOUND if none.
	Delivery(ctx context.Context, digest, date, channel string) (Delivery, error)
	// SaveDelivery inserts or replaces the record for its (digest, date, channel).
	SaveDelivery(ctx context.Context, d Delivery) error
	// ClaimDelivery writes d only if the stored record for its key is still
	// prev (same status, attempts and UpdatedAt), or, when prev.Status is "",
	// only if there is no record yet. It reports whether the claim won, so
	// two processes racing for one delivery cannot both send it.
	ClaimDelivery(ctx context.Context, prev, d Delivery) (bool, error)
	// Deliveries returns the most recent records, newest first; a non-empty
	// digest restricts them to that digest.
	Deliveries(ctx context.Context, digest string, limit int) ([]Delivery, error)
}

// Store is everything the SQLite store of record provides.
type Store interface {
	ArticleStore
	SourceStore
	DeliveryStore
	ReviewStore
}
