package govwire

import "time"

// Digest is a built digest: the on-topic stories first seen in one window,
// grouped by label (the JSON shape of DESIGN.md).
type Digest struct {
	Name        string          `json:"name"`
	Date        string          `json:"date"` // YYYY-MM-DD
	GeneratedAt time.Time       `json:"generated_at"`
	Sections    []DigestSection `json:"sections"`
}

// DigestSection holds the stories under one label ("" for on-topic stories
// with no label), newest first.
type DigestSection struct {
	Label string       `json:"label"`
	Items []DigestItem `json:"items"`
}

// DigestItem is one story, with its syndicated or near-duplicate copies.
type DigestItem struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	URL       string     `json:"url"`
	Source    string     `json:"source"`
	Published time.Time  `json:"published"`
	Labels    []string   `json:"labels"`
	Also      []AlsoSeen `json:"also"`
	// Programmes named by the story, linked to their entity pages.
	Programmes []string `json:"programmes,omitempty"`
}

// AlsoSeen is another outlet's copy of a story.
type AlsoSeen struct {
	Source string `json:"source"`
	URL    string `json:"url"`
}

// DigestConfig defines one digest (the config file's digests key).
type DigestConfig struct {
	Name     string   `yaml:"name" json:"name"`
	Schedule string   `yaml:"schedule" json:"schedule"` // cron/v3 spec, default "0 7 * * *"
	TimeZone string   `yaml:"timezone" json:"timezone"` // IANA name, default "UTC"
	Query    string   `yaml:"query" json:"query,omitempty"`
	Labels   []string `yaml:"labels" json:"labels,omitempty"`
	// SendEmpty sends a short "nothing new" digest on a day with no stories;
	// when false such a day yields no digest.
	SendEmpty bool            `yaml:"send_empty" json:"send_empty"`
	Deliver   []DeliverConfig `yaml:"deliver" json:"deliver"`
}

// DeliverConfig is one delivery channel; exactly one field is set.
type DeliverConfig struct {
	File    *FileDelivery    `yaml:"file" json:"file,omitempty"`
	SMTP    *SMTPDelivery    `yaml:"smtp" json:"smtp,omitempty"`
	Webhook *WebhookDelivery `yaml:"webhook" json:"webhook,omitempty"`
}

// FileDelivery writes each digest into a directory.
type FileDelivery struct {
	Dir    string `yaml:"dir" json:"dir"`       // default <data_dir>/digests
	Format string `yaml:"format" json:"format"` // md (default), html, text or json
}

// SMTPDelivery sends each digest by email.
type SMTPDelivery struct {
	Host     string   `yaml:"host" json:"host"`
	Port     int      `yaml:"port" json:"port"` // default 587
	Username string   `yaml:"username" json:"username,omitempty"`
	Password string   `yaml:"password" json:"-"`
	From     string   `yaml:"from" json:"from"`
	To       []string `yaml:"to" json:"to"`
	// TLS is "starttls" (default: required), "tls" (implicit, port 465) or
	// "none" (tests and local relays only).
	TLS string `yaml:"tls" json:"tls"`
}

// WebhookDelivery posts each digest as JSON, with a Slack-compatible text field.
type WebhookDelivery struct {
	URL     string            `yaml:"url" json:"url"`
	Headers map[string]string `yaml:"headers" json:"-"`
}
