package importer

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/nlnwa/gowarc/v3"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/ingest"
)

// mixedRecords is one of each kind of record an archive holds; A, C and D
// are on topic, B is on topic but corrupt.
func mixedRecords() []rec {
	b := response("https://news.example.org/b", "text/html", onTopicPage(2))
	b.corrupt = true
	return []rec{
		{typ: gowarc.Warcinfo},
		{typ: gowarc.Request, uri: "https://news.example.org/a"},
		response("https://news.example.org/a", "text/html; charset=utf-8", onTopicPage(1)),
		response("https://news.example.org/weather", "text/html", offTopicPage(1)),
		response("https://news.example.org/logo.png", "image/png", "\x89PNG\r\n\x1a\nnot really"),
		{typ: gowarc.Revisit, uri: "https://news.example.org/a"},
		{typ: gowarc.Response, uri: "https://news.example.org/old", status: 301, ctype: "text/html", body: "moved"},
		b,
		response("https://news.example.org/c", "application/xhtml+xml", onTopicPage(3)),
		response("https://news.example.org/d", "text/html", onTopicPage(4)), // truncated
	}
}

func TestImportWARC(t *testing.T) {
	for _, tc := range []struct {
		name      string
		gz        bool
		prefilter bool
		offTopic  string // how the weather page is skipped
	}{
		{"plain", false, true, SkipPrefilter},
		{"gzip per record", true, true, SkipPrefilter},
		{"no pre-filter", true, false, ingest.SkipOffTopic},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			e := newEnv(t)
			name := "crawl.warc"
			if tc.gz {
				name += ".gz"
			}
			path, offsets := writeWARC(t, t.TempDir(), name, tc.gz, 40, mixedRecords()...)
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sum, err := e.importer(t, tc.prefilter).WARC(ctx, name, f)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s", sum)
			for _, er := range sum.Errors {
				t.Logf("error at %d: %s", er.Offset, er.Error)
			}
			wantSkips := map[string]int{SkipNotResponse: 2, tc.offTopic: 1, SkipNotHTML: 1, SkipRevisit: 1, SkipStatus: 1}
			if sum.Discovered != 10 || sum.Fetched != 3 || sum.New != 2 || sum.Failed != 2 || sum.Skipped != 6 || !reflect.DeepEqual(sum.SkippedBy, wantSkips) {
				t.Errorf("summary %+v\nwant new 2, failed 2 (B corrupt, D truncated), skipped %v", sum, wantSkips)
			}
			if len(sum.Errors) == 2 {
				if sum.Errors[0].Offset != offsets[7] || sum.Errors[1].Offset != offsets[9] {
					t.Errorf("errors at offsets %d and %d, want %d (B) and %d (D): %+v", sum.Errors[0].Offset, sum.Errors[1].Offset, offsets[7], offsets[9], sum.Errors)
				}
				for _, er := range sum.Errors {
					if er.File != name || !strings.Contains(er.Error, "corrupt record") {
						t.Errorf("error %+v: want the file name and 'corrupt record'", er)
					}
				}
			}
			id, ok, err := e.db.SeenURL(ctx, "https://news.example.org/a")
			if err != nil || !ok {
				t.Fatalf("A not stored: %v", err)
			}
			a, err := e.db.Article(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			want := govwire.Provenance{File: name, RecordID: "<urn:uuid:00000000-0000-0000-0000-000000000002>", Offset: offsets[2], Captured: captured}
			if a.Via != govwire.ViaWARC || a.Provenance == nil || *a.Provenance != want || !a.OnTopic || a.Source != "news.example.org" {
				t.Errorf("A stored as via %q %+v on topic %v source %q; want warc %+v", a.Via, a.Provenance, a.OnTopic, a.Source, want)
			}
			for _, u := range []string{"https://news.example.org/b", "https://news.example.org/weather", "https://news.example.org/d"} {
				if _, ok, _ := e.db.SeenURL(ctx, u); ok {
					t.Errorf("%s stored", u)
				}
			}
			// A second import of the same file stores nothing new.
			f.Seek(0, 0)
			again, err := e.importer(t, tc.prefilter).WARC(ctx, name, f)
			if err != nil || again.New != 0 || again.SkippedBy[ingest.SkipStored] != 2 {
				t.Errorf("second import: %+v, %v; want nothing new and 2 already stored", again, err)
			}
		})
	}
}

// TestImportWARCGarbage: a file that is no WARC at all is reported, not
// imported, and does not hang.
func TestImportWARCGarbage(t *testing.T) {
	e := newEnv(t)
	sum, err := e.importer(t, true).WARC(context.Background(), "junk.warc", strings.NewReader(strings.Repeat("not a warc file\n", 1000)))
	if err != nil {
		t.Fatal(err)
	}
	if sum.New != 0 || sum.Failed != 1 || sum.Discovered != 0 {
		t.Errorf("summary %+v, want one failure and nothing read", sum)
	}
}

func TestStripTags(t *testing.T) {
	got := StripTags([]byte(`<html><head><title>JWCC &amp; JEDI</title><SCRIPT type="x">if (a<b) { cloud() }</SCRIPT>` +
		`<style>.x{}</style></head><body><!-- a <p>comment</p> --><p>The <b>cloud</b> contract</p><p>was awarded.</p></body></html>`))
	got = strings.Join(strings.Fields(got), " ")
	if got != "JWCC & JEDI The cloud contract was awarded." {
		t.Errorf("StripTags = %q", got)
	}
	got = StripTags([]byte(`<head><meta property="og:title" content="Army &amp; cloud deal"><meta name="description" content="skip me">` +
		`<script type="application/ld+json">{"headline": "JWCC task order"}</script></head>` +
		`<p>govern<wbr>ment <A href="/x">cloud</A><em>-based</em> con<span class=h>tract</span><br>next</p>`))
	got = strings.Join(strings.Fields(got), " ")
	if got != `Army & cloud deal {"headline": "JWCC task order"} government cloud-based contract next` {
		t.Errorf("StripTags = %q", got)
	}
	if s := StripTags([]byte("text <unclosed")); strings.TrimSpace(s) != "text" {
		t.Errorf("unclosed tag: %q", s)
	}
}
