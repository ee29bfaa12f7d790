package govwire

import "time"

// Source is one feed to watch, as configured.
type Source struct {
	Name     string `yaml:"name" json:"name"`
	URL      string `yaml:"url" json:"url"`
	Schedule string `yaml:"schedule" json:"schedule"` // cron/v3 spec; default "@every 15m"
	// Scrape fetches each item's page for its full text; when false the
	// feed's own content is used. Nil means true.
	Scrape *bool `yaml:"scrape" json:"scrape"`
	// Selector is an optional CSS selector for the article body on this
	// source's pages; it overrides the generic extractor.
	Selector string `yaml:"selector" json:"selector,omitempty"`
	// Backfill gives hints to `govwire backfill` for sites that need
	// them; nil discovers the sitemaps from robots.txt and /sitemap.xml.
	Backfill *SourceBackfill `yaml:"backfill" json:"backfill,omitempty"`
}

// SourceBackfill is a source's backfill hints (the config's
// sources[].backfill).
type SourceBackfill struct {
	// Sitemaps are the sitemap (or sitemap index) URLs to walk instead of
	// those robots.txt names; their hosts count as the source's own.
	Sitemaps []string `yaml:"sitemaps" json:"sitemaps,omitempty"`
	// Include and Exclude are regular expressions (Go syntax) matched
	// against each article URL: with Include, only URLs matching one are
	// fetched; URLs matching an Exclude pattern never are.
	Include []string `yaml:"include" json:"include,omitempty"`
	Exclude []string `yaml:"exclude" json:"exclude,omitempty"`
}

// ScrapePages reports whether items' pages are fetched (the default).
func (s Source) ScrapePages() bool { return s.Scrape == nil || *s.Scrape }

// FetchConfig is the fetcher's configuration (the config file's fetch key).
type FetchConfig struct {
	UserAgent       string        `yaml:"user_agent" json:"user_agent"`
	Timeout         time.Duration `yaml:"timeout" json:"timeout"`                     // whole request
	MaxBodyBytes    int64         `yaml:"max_body_bytes" json:"max_body_bytes"`       // pages, after decompression
	MaxFeedBytes    int64         `yaml:"max_feed_bytes" json:"max_feed_bytes"`       // feeds, after decompression
	PerHostInterval time.Duration `yaml:"per_host_interval" json:"per_host_interval"` // 0 turns politeness off
	RespectRobots   bool          `yaml:"respect_robots" json:"respect_robots"`
	AllowNetworks   []string      `yaml:"allow_networks" json:"allow_networks"` // CIDRs let through the SSRF guard
	Concurrency     int           `yaml:"concurrency" json:"concurrency"`       // sources and pages fetched at once
}

// DefaultFetchConfig returns the defaults of DESIGN.md.
func DefaultFetchConfig() FetchConfig {
	return FetchConfig{
		UserAgent:       "govwire/1.0 (+https://github.com/govwire/govwire)",
		Timeout:         30 * time.Second,
		MaxBodyBytes:    5 << 20,
		MaxFeedBytes:    10 << 20,
		PerHostInterval: 2 * time.Second,
		RespectRobots:   true,
		Concurrency:     8,
	}
}

// SourceState is a source's fetch state and health, kept in the store.
type SourceState struct {
	Name                string    `json:"name"`
	URL                 string    `json:"url"`
	ETag                string    `json:"etag,omitempty"`
	LastModified        string    `json:"last_modified,omitempty"`
	LastStatus          int       `json:"last_status"` // HTTP status of the last feed fetch, 0 if none
	LastError           string    `json:"last_error,omitempty"`
	LastAttempt         time.Time `json:"last_attempt"`
	LastSuccess         time.Time `json:"last_success"`
	ConsecutiveFailures int       `json:"consecutive_failures"`
	NextAttempt         time.Time `json:"next_attempt"` // backoff: skip the source until then
	Articles            int       `json:"articles"`     // stored articles from this source (filled by Sources)
}

// FetchLogEntry is one HTTP fetch, for the fetch log.
type FetchLogEntry struct {
	Source   string        `json:"source"`
	URL      string        `json:"url"`
	Kind     string        `json:"kind"` // "feed", "page" or "robots"
	Status   int           `json:"status"`
	Error    string        `json:"error,omitempty"`
	Bytes    int64         `json:"bytes"`
	Duration time.Duration `json:"duration"`
	At       time.Time     `json:"at"`
}
