package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

// fakeClock is a settable clock for Options.Now.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// t0 is the suite's reference time.
var t0 = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

// fingerprint returns a full-size fingerprint whose values are base+i.
func fingerprint(base uint32) govwire.Fingerprint {
	f := make(govwire.Fingerprint, govwire.FingerprintSize)
	for i := range f {
		f[i] = base + uint32(i)
	}
	return f
}

// variant returns a copy of f with the last n positions changed, so its
// similarity to f is (FingerprintSize-n)/FingerprintSize.
func variant(f govwire.Fingerprint, n int, salt uint32) govwire.Fingerprint {
	g := append(govwire.Fingerprint(nil), f...)
	for i := len(g) - n; i < len(g); i++ {
		g[i] = 0xF0000000 + salt*1000 + uint32(i)
	}
	return g
}

// article builds article number i from source src with a distinct text,
// content hash and fingerprint.
func article(i int, src string) *govwire.Article {
	url := fmt.Sprintf("https://%s.example/news/%d", src, i)
	text := fmt.Sprintf("Story %d about the JWCC cloud contract. ", i) + strings.Repeat("Body text. ", 20)
	return &govwire.Article{
		URL:          url + "?utm_source=feed",
		CanonicalURL: url,
		FinalURL:     url + "/",
		Source:       src,
		Feed:         fmt.Sprintf("https://%s.example/feed.xml", src),
		Title:        fmt.Sprintf("Story %d", i),
		Text:         text,
		Author:       "A. Writer",
		Published:    t0.Add(time.Duration(i) * time.Hour),
		Fetched:      t0.Add(time.Duration(i) * time.Minute),
		ContentHash:  fmt.Sprintf("hash-%d", i),
		Fingerprint:  fingerprint(uint32(i) * 1000),
		Extractor:    "test/1",
		Classification: govwire.Classification{
			OnTopic: i%2 == 0,
			Labels:  labelsFor(i),
			Scores:  map[string]float64{"on_topic": float64(i%10) / 10},
			Entities: []govwire.Entity{{Type: govwire.EntityAgency, Text: "DoD", Value: "Department of Defense",
				Field: "text", Start: 0, End: 3}},
			Evidence: []govwire.Evidence{{Rule: "r1", Label: "on_topic", Field: "title", Start: 0, End: 5, Text: "Story"}},
			Ruleset:  "rs1",
		},
	}
}

// labelsFor gives article i zero, one or two labels, deterministically.
func labelsFor(i int) []string {
	switch i % 5 {
	case 0:
		return nil
	case 1:
		return []string{govwire.LabelAward}
	case 2:
		return []string{govwire.LabelBid, govwire.LabelProtest}
	case 3:
		return []string{govwire.LabelProtest}
	}
	return []string{govwire.LabelAllegation}
}

// mustSave saves a and fails the test unless the result is want.
func mustSave(t testing.TB, db govwire.ArticleStore, a *govwire.Article, want govwire.SaveResult) {
	t.Helper()
	got, err := db.SaveArticle(context.Background(), a)
	if err != nil {
		t.Fatalf("save %s: %v", a.CanonicalURL, err)
	}
	if got != want {
		t.Fatalf("save %s = %v, want %v", a.CanonicalURL, got, want)
	}
}

// saveAll saves arts one by one.
func saveAll(t testing.TB, db Store, arts []*govwire.Article) {
	t.Helper()
	for _, a := range arts {
		if _, err := db.SaveArticle(context.Background(), a); err != nil {
			t.Fatalf("save %s: %v", a.CanonicalURL, err)
		}
	}
}

// T0 is the suite's reference time, for drivers' own tests.
var T0 = t0

// Article builds article number i from source src with every field set
// and a distinct text, content hash and fingerprint, for drivers' own tests.
func Article(i int, src string) *govwire.Article { return article(i, src) }

// MustSave saves a and fails the test unless the result is want, for
// drivers' own tests.
func MustSave(t testing.TB, db govwire.ArticleStore, a *govwire.Article, want govwire.SaveResult) {
	t.Helper()
	mustSave(t, db, a, want)
}
