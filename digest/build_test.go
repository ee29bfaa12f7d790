package digest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

// genTime is the fixed generation time of every digest built in tests.
var genTime = time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)

// loadArticles reads the fixture articles.
func loadArticles(t *testing.T) []*govwire.Article {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "articles.json"))
	if err != nil {
		t.Fatal(err)
	}
	var arts []*govwire.Article
	if err := json.Unmarshal(b, &arts); err != nil {
		t.Fatal(err)
	}
	return arts
}

// layout lists each section's label and item ids, "award:b1,a1".
func layout(d *govwire.Digest) []string {
	var out []string
	for _, s := range d.Sections {
		ids := ""
		for i, it := range s.Items {
			if i > 0 {
				ids += ","
			}
			ids += it.ID[:2]
		}
		out = append(out, s.Label+":"+ids)
	}
	return out
}

func TestBuild(t *testing.T) {
	arts := loadArticles(t)
	tests := []struct {
		name string
		cfg  govwire.DigestConfig
		date string
		want []string
	}{
		{"all labels", govwire.DigestConfig{Name: "daily"}, "2026-11-25",
			[]string{"award:b1,a1", "protest:b2,a3", "allegation:a9", "bid:a4", ":a5"}},
		{"protests only", govwire.DigestConfig{Name: "protests", Labels: []string{"protest"}}, "2026-11-25",
			[]string{"protest:b2,a3"}},
		{"bids only: a tie no longer matters", govwire.DigestConfig{Name: "bids", Labels: []string{"bid"}}, "2026-11-25",
			[]string{"bid:b2,a4"}},
		{"day before: the allegation story with its copy", govwire.DigestConfig{Name: "daily"}, "2026-11-24",
			[]string{"allegation:a7"}},
		{"New York day runs 05:00Z to 05:00Z", govwire.DigestConfig{Name: "ny", TimeZone: "America/New_York"}, "2026-11-25",
			[]string{"award:b1,a1", "protest:b2,a3", "allegation:a9", "bid:b3,a4", ":a5"}},
		{"empty day", govwire.DigestConfig{Name: "daily"}, "2026-11-20", nil},
		{"bad date", govwire.DigestConfig{Name: "daily"}, "25/11/2026", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Build(tt.cfg, tt.date, arts, genTime)
			if got := layout(d); !slices.Equal(got, tt.want) {
				t.Errorf("sections = %q, want %q", got, tt.want)
			}
			if d.Sections == nil {
				t.Error("Sections is nil; want [] in JSON")
			}
		})
	}
}

func TestBuildItems(t *testing.T) {
	d := Build(govwire.DigestConfig{Name: "daily"}, "2026-11-25", loadArticles(t), genTime)
	items := map[string]govwire.DigestItem{}
	for _, s := range d.Sections {
		for _, it := range s.Items {
			items[it.ID[:2]] = it
		}
	}
	a1 := items["a1"]
	if len(a1.Also) != 1 || a1.Also[0].Source != "Wire Service (syndicated)" ||
		a1.Also[0].URL != "https://news.wire.example/world/us/oracle-wins-jwcc-task-order" {
		t.Errorf("a1.Also = %+v, want the syndicated copy", a1.Also)
	}
	if a1.URL != "https://www.defensenews.example/2026/11/25/pentagon-jwcc-oracle-task-order" {
		t.Errorf("a1.URL = %q, want the canonical URL", a1.URL)
	}
	if got := items["a3"].Labels; !slices.Equal(got, []string{"award", "protest"}) {
		t.Errorf("a3.Labels = %q, want both labels", got)
	}
	if got := items["b2"].Published; !got.Equal(time.Date(2026, 11, 25, 23, 59, 0, 0, time.UTC)) {
		t.Errorf("b2.Published = %v, want its Fetched time when the feed gave no date", got)
	}
	if got := items["a5"].Title; got != "G-Cloud 14 framework: what buyers need to know" {
		t.Errorf("a5.Title = %q, want one line", got)
	}
	if got := Count(d); got != 7 {
		t.Errorf("Count = %d, want 7", got)
	}
}

func TestBuildToday(t *testing.T) {
	cfg := govwire.DigestConfig{Name: "daily", TimeZone: "Asia/Tokyo"}
	d := Build(cfg, "", nil, time.Date(2026, 11, 25, 16, 0, 0, 0, time.UTC))
	if d.Date != "2026-11-26" {
		t.Errorf("Date = %q, want Tokyo's 2026-11-26", d.Date)
	}
}

func TestWindowDST(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip(err)
	}
	start, end, err := Window(loc, "2026-10-25") // clocks go back: 25 hours
	if err != nil {
		t.Fatal(err)
	}
	if got := end.Sub(start); got != 25*time.Hour {
		t.Errorf("window = %v, want 25h", got)
	}
	if got := Yesterday(loc, time.Date(2026, 10, 26, 0, 30, 0, 0, time.UTC)); got != "2026-10-25" {
		t.Errorf("Yesterday = %q, want 2026-10-25", got)
	}
}
