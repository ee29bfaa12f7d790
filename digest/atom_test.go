package digest

import (
	"bytes"
	"context"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/govwire/govwire"
)

func TestAtom(t *testing.T) {
	ctx := context.Background()
	db, _ := seededStore(t)
	s := newTestService(t, db, newClock(deliveryTime),
		govwire.DigestConfig{Name: "daily"},
		govwire.DigestConfig{Name: "protests", Labels: []string{"protest"}, SendEmpty: true},
	)
	var all bytes.Buffer
	if err := s.Atom(ctx, &all, ""); err != nil {
		t.Fatal(err)
	}
	golden(t, "all.atom", all.Bytes())

	// Parse it back with encoding/xml ...
	var f struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Content struct {
				Type string `xml:"type,attr"`
				Body string `xml:",chardata"`
			} `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(all.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	// daily: 25th and 24th (empty days skipped); protests: 14 days, send_empty.
	if len(f.Entries) != 2+AtomDays {
		t.Fatalf("%d entries, want %d", len(f.Entries), 2+AtomDays)
	}
	e := f.Entries[0]
	if e.ID != "tag:govwire,2026:digest/daily/2026-11-25" || e.Updated != "2026-11-26T00:00:00Z" ||
		e.Title != "govwire digest daily, 2026-11-25: 7 stories" || e.Content.Type != "html" ||
		!strings.Contains(e.Content.Body, "&lt;script&gt;") || strings.Contains(e.Content.Body, "<script") {
		t.Errorf("first entry = %+v", e)
	}
	if f.Updated != "2026-11-26T00:00:00Z" {
		t.Errorf("feed updated %q", f.Updated)
	}

	// ... and with a feed reader's parser.
	feed, err := gofeed.NewParser().ParseString(all.String())
	if err != nil {
		t.Fatal(err)
	}
	if feed.FeedType != "atom" || len(feed.Items) != 2+AtomDays || feed.Items[1].Title != "govwire digest protests, 2026-11-25: 2 stories" {
		t.Errorf("gofeed: type %s, %d items, second %q", feed.FeedType, len(feed.Items), feed.Items[1].Title)
	}
	if feed.Items[0].Link != "https://govwire.example/v1/digests/2026-11-25?name=daily&format=html" {
		t.Errorf("entry link %q", feed.Items[0].Link)
	}

	var one bytes.Buffer
	if err := s.Atom(ctx, &one, "daily"); err != nil {
		t.Fatal(err)
	}
	feed, err = gofeed.NewParser().ParseString(one.String())
	if err != nil || len(feed.Items) != 2 || feed.Items[1].Title != "govwire digest daily, 2026-11-24: 1 story" {
		t.Errorf("daily feed: %v, %+v", err, feed)
	}
	if err := s.Atom(ctx, &one, "nope"); govwire.ErrorCode(err) != govwire.ENOTFOUND {
		t.Errorf("unknown digest: %v", err)
	}
}

func TestSchedule(t *testing.T) {
	db, _ := seededStore(t)
	dir := t.TempDir()
	// 07:00 in New York on the 26th is 12:00 UTC.
	clk := newClock(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	s := newTestService(t, db, clk,
		govwire.DigestConfig{Name: "ny", Schedule: "0 7 * * *", TimeZone: "America/New_York",
			Deliver: []govwire.DeliverConfig{{File: &govwire.FileDelivery{Dir: dir, Format: "json"}}}},
		govwire.DigestConfig{Name: "tokyo", Schedule: "CRON_TZ=Asia/Tokyo 30 6 * * 1-5", TimeZone: "Asia/Tokyo"},
	)
	jobs := map[string]func(context.Context){}
	specs := map[string]string{}
	err := s.Schedule(func(spec, name string, fn func(ctx context.Context)) error {
		specs[name], jobs[name] = spec, fn
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"digest:ny":    "CRON_TZ=America/New_York 0 7 * * *",
		"digest:tokyo": "CRON_TZ=Asia/Tokyo 30 6 * * 1-5",
		"digest-retry": RetrySpec,
	}
	for name, spec := range want {
		if specs[name] != spec {
			t.Errorf("job %s: spec %q, want %q", name, specs[name], spec)
		}
	}
	if len(specs) != len(want) {
		t.Errorf("jobs %v", specs)
	}
	jobs["digest:ny"](context.Background())
	ds, err := s.Deliveries(context.Background(), "ny", 5)
	if err != nil || len(ds) != 1 || ds[0].Date != "2026-11-25" || ds[0].Status != govwire.DeliverySent {
		t.Errorf("after the ny job: %+v, %v; want 2026-11-25 sent", ds, err)
	}
	jobs["digest-retry"](context.Background())
}
