package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

func init() {
	register(test{"Provenance", testProvenance})
}

// testProvenance: via and provenance round-trip, an update keeps how the
// article was first found, no via is feed, an unknown via is refused.
func testProvenance(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{Now: func() time.Time { return t0 }})
	a := article(1, "alpha")
	a.Via = govwire.ViaWARC
	a.Provenance = &govwire.Provenance{File: "cc-news.warc.gz", RecordID: "<urn:uuid:1>", Offset: 4096,
		Captured: time.Date(2019, 10, 25, 12, 0, 0, 0, time.FixedZone("x", 3600))}
	if _, err := db.SaveArticle(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := db.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := govwire.Provenance{File: "cc-news.warc.gz", RecordID: "<urn:uuid:1>", Offset: 4096,
		Captured: time.Date(2019, 10, 25, 11, 0, 0, 0, time.UTC)}
	if got.Via != govwire.ViaWARC || got.Provenance == nil || *got.Provenance != want {
		t.Fatalf("read back via %q provenance %+v, want warc %+v", got.Via, got.Provenance, want)
	}

	// A later save of the same URL, from a feed, changes the text but keeps
	// how the article was first found.
	b := article(1, "alpha")
	b.Text += " More."
	b.ContentHash = "changed"
	res, err := db.SaveArticle(ctx, b)
	if err != nil || res != govwire.SaveUpdated {
		t.Fatalf("update: %v, %v", res, err)
	}
	if b.Via != govwire.ViaWARC || b.Provenance == nil || *b.Provenance != want {
		t.Errorf("after update the caller sees via %q %+v, want the first one", b.Via, b.Provenance)
	}
	got, _ = db.Article(ctx, a.ID)
	if got.Via != govwire.ViaWARC || got.Provenance == nil || *got.Provenance != want {
		t.Errorf("after update stored via %q %+v, want the first one", got.Via, got.Provenance)
	}

	c := article(2, "alpha")
	if _, err := db.SaveArticle(ctx, c); err != nil {
		t.Fatal(err)
	}
	if c.Via != govwire.ViaFeed || c.Provenance != nil {
		t.Errorf("no via given: got %q %+v, want feed and no provenance", c.Via, c.Provenance)
	}
	d := article(3, "alpha")
	d.Via = "carrier-pigeon"
	if _, err := db.SaveArticle(ctx, d); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("unknown via: err %v, want EINVALID", err)
	}
}
