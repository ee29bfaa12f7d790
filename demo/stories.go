package demo

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
)

//go:embed site
var siteFS embed.FS

// Label names used in the manifest; they match the classifier's labels.
const (
	LabelBid        = "bid"
	LabelAward      = "award"
	LabelProtest    = "protest"
	LabelAllegation = "allegation"
)

// Story is one article of the sample with the labels a careful annotator
// would give it under the labelling guidelines.
type Story struct {
	Path           string   `json:"path"`            // page path on the demo server, e.g. "/ledger/news/x.html"
	Outlet         string   `json:"outlet"`          // outlet key, e.g. "ledger"
	Source         string   `json:"-"`               // the outlet's source name, e.g. "Federal Cloud Ledger"
	Slug           string   `json:"slug"`            // file name of the body under site/stories
	Title          string   `json:"title"`           // headline as it appears in the feed and the page
	Summary        string   `json:"summary"`         // feed summary
	Author         string   `json:"author"`          // byline
	Section        string   `json:"section"`         // breadcrumb section
	Day            int      `json:"day"`             // days relative to the reference day (0 = today, -3 = three days ago)
	Clock          string   `json:"clock"`           // time of day "HH:MM" UTC
	OnTopic        bool     `json:"on_topic"`        // intended on-topic decision
	Labels         []string `json:"labels"`          // intended labels, sorted; empty when off topic
	SyndicatedWith string   `json:"syndicated_with"` // path of the same story on another outlet, if any
	Hostile        bool     `json:"hostile"`         // title/text carry literal markup that must stay inert
	Canonical      bool     `json:"canonical"`       // the page has <link rel=canonical>
	Tracking       bool     `json:"tracking"`        // the feed links to the page with utm_ parameters
	NoMeta         bool     `json:"no_meta"`         // the page lacks Open Graph and JSON-LD metadata
	Note           string   `json:"note"`            // why the labels are what they are
}

// Outlet is one source of the sample.
type Outlet struct {
	Key      string `json:"key"`      // short key, also the URL prefix ("/ledger/...")
	Name     string `json:"name"`     // display name, used as the source name
	Format   string `json:"format"`   // "rss", "atom", "json", "malformed" or "failing"
	FeedPath string `json:"feed"`     // feed path on the server
	Schedule string `json:"schedule"` // cron/v3 spec
	Domain   string `json:"domain"`   // the outlet's pretend domain, used in IDs
	Tagline  string `json:"tagline"`  // shown under the masthead
}

type manifest struct {
	Reference string    `json:"reference_note"`
	Outlets   []Outlet  `json:"outlets"`
	Stories   []Story   `json:"stories"`
	Comments  []Comment `json:"comments"`
}

// Comment is one reader comment shown under articles.
type Comment struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

var loadManifest = sync.OnceValues(func() (*manifest, error) {
	b, err := siteFS.ReadFile("site/manifest.json")
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	var m manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("decode manifest: %w", err)
	}
	names := map[string]string{}
	for _, o := range m.Outlets {
		names[o.Key] = o.Name
	}
	for i := range m.Stories {
		m.Stories[i].Source = names[m.Stories[i].Outlet]
		slices.Sort(m.Stories[i].Labels)
		if m.Stories[i].Labels == nil {
			m.Stories[i].Labels = []string{}
		}
	}
	return &m, nil
})

// Stories returns the manifest: every article of the sample with its intended
// on-topic decision and labels. It panics if the embedded manifest is broken,
// which the package tests rule out.
func Stories() []Story {
	m, err := loadManifest()
	if err != nil {
		panic(err)
	}
	return slices.Clone(m.Stories)
}

// Outlets returns the five sources of the sample in a fixed order.
func Outlets() []Outlet {
	m, err := loadManifest()
	if err != nil {
		panic(err)
	}
	return slices.Clone(m.Outlets)
}

// Body returns the article text of a story as its page shows it: the
// paragraphs, subheadings and pull quotes, one per line. Extraction tests
// compare what the extractor takes from the page against it.
func Body(st Story) (string, error) {
	b, err := siteFS.ReadFile("site/stories/" + st.Slug + ".txt")
	if err != nil {
		return "", fmt.Errorf("story %s: %w", st.Path, err)
	}
	var lines []string
	for _, bl := range parseBody(string(b)) {
		lines = append(lines, bl.Text)
	}
	return strings.Join(lines, "\n"), nil
}
