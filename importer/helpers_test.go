package importer

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/classify"
	"github.com/govwire/govwire/ingest"
	"github.com/govwire/govwire/store"
)

// env is a real store, the built-in rules and an ingester over them.
type env struct {
	db    *store.DB
	rules *classify.Engine
	in    *ingest.Ingester
}

func newEnv(t testing.TB) *env {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "govwire.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rules, err := classify.Load("")
	if err != nil {
		t.Fatal(err)
	}
	in, err := ingest.New(ingest.Options{Store: db, Classifier: func() govwire.Classifier { return rules }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(in.Close)
	return &env{db: db, rules: rules, in: in}
}

func (e *env) importer(t testing.TB, prefilter bool) *Importer {
	t.Helper()
	o := Options{Ingester: e.in}
	if prefilter {
		o.MayBeOnTopic = e.rules.MayBeOnTopic
	}
	im, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return im
}

// onTopicPage is a news page about a government cloud award.
func onTopicPage(n int) string {
	return page(fmt.Sprintf("Agency %d awards cloud contract", n),
		fmt.Sprintf("The Department of Defense awarded a $%d million cloud computing contract to Amazon Web Services on Tuesday, the agency said.", 10+n),
		"The Joint Warfighting Cloud Capability contract covers hosting, storage and computing for military units across the world.",
		"Oracle, which lost the bid, said it was reviewing the decision and had not ruled out a protest.")
}

// offTopicPage is a news page about something else.
func offTopicPage(n int) string {
	return page(fmt.Sprintf("Storm %d brings heavy rain to the coast", n),
		"Forecasters said the storm would bring heavy rain and strong winds to the coast over the weekend, with flooding likely in low areas.",
		"Residents were told to stay indoors and to keep away from rivers, and schools in three towns will stay closed on Monday.",
		"The weather is expected to clear by Tuesday afternoon, when temperatures will rise again across the region.")
}

func page(title string, paras ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><html><head><title>%s</title><style>p{color:red}</style><script>var x = '<p>cloud contract</p>';</script></head><body>", title)
	fmt.Fprintf(&b, "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><article><h1>%s</h1>", title)
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>", p)
	}
	b.WriteString("</article><footer>Copyright the publisher</footer></body></html>")
	return b.String()
}

// rec is one record to write.
type rec struct {
	typ     gowarc.RecordType
	uri     string
	status  int
	ctype   string
	body    string
	corrupt bool // flip bytes of the payload after writing (digest mismatch, or a broken gzip member)
	// badDigest changes the payload before it is gzipped: the digests are
	// wrong, the gzip member is sound.
	badDigest bool
	junk      string // bytes written before the record
}

func response(uri, ctype, body string) rec {
	return rec{typ: gowarc.Response, uri: uri, status: 200, ctype: ctype, body: body}
}

var captured = time.Date(2019, 10, 25, 12, 30, 0, 0, time.UTC)

// writeWARC writes recs with the WARC library into dir/name, each record
// gzipped on its own when gz, and returns the file's path and each
// record's offset. truncate cuts that many bytes off the end.
func writeWARC(t testing.TB, dir, name string, gz bool, truncate int, recs ...rec) (string, []int64) {
	t.Helper()
	var file bytes.Buffer
	var offsets []int64
	m := gowarc.NewMarshaler()
	for i, r := range recs {
		wr := buildRecord(t, i, r)
		var one bytes.Buffer
		if _, _, err := m.Marshal(&one, wr, 0); err != nil {
			t.Fatal(err)
		}
		wr.Close()
		b := one.Bytes()
		if (r.corrupt && !gz) || r.badDigest {
			k := bytes.LastIndex(b, []byte("</p>"))
			copy(b[k-5:], "XXXXX")
		}
		if gz {
			var z bytes.Buffer
			zw := gzip.NewWriter(&z)
			zw.Write(b)
			zw.Close()
			b = z.Bytes()
			if r.corrupt {
				for k := len(b) / 2; k < len(b)/2+16; k++ {
					b[k] ^= 0x5a
				}
			}
		}
		file.WriteString(r.junk)
		offsets = append(offsets, int64(file.Len()))
		file.Write(b)
	}
	data := file.Bytes()[:file.Len()-truncate]
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, offsets
}

func buildRecord(t testing.TB, i int, r rec) gowarc.WarcRecord {
	t.Helper()
	b := gowarc.NewRecordBuilder(r.typ, gowarc.WithAddMissingDigest(true), gowarc.WithAddMissingContentLength(true),
		gowarc.WithFixContentLength(true), gowarc.WithFixDigest(true))
	b.AddWarcHeader(gowarc.WarcRecordID, fmt.Sprintf("<urn:uuid:00000000-0000-0000-0000-%012d>", i))
	b.AddWarcHeaderTime(gowarc.WarcDate, captured)
	switch r.typ {
	case gowarc.Warcinfo:
		b.AddWarcHeader(gowarc.ContentType, "application/warc-fields")
		b.WriteString("software: govwire test\r\nformat: WARC File Format 1.1\r\n")
	case gowarc.Request:
		b.AddWarcHeader(gowarc.WarcTargetURI, r.uri)
		b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=request")
		fmt.Fprintf(b, "GET / HTTP/1.1\r\nHost: %s\r\nUser-Agent: test\r\n\r\n", strings.TrimPrefix(r.uri, "https://"))
	case gowarc.Revisit:
		b.AddWarcHeader(gowarc.WarcTargetURI, r.uri)
		b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
		b.AddWarcHeader(gowarc.WarcProfile, "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest")
		b.AddWarcHeader(gowarc.WarcRefersTo, "<urn:uuid:00000000-0000-0000-0000-000000000002>")
		b.AddWarcHeader(gowarc.WarcPayloadDigest, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
		b.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
	default:
		b.AddWarcHeader(gowarc.WarcTargetURI, r.uri)
		b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
		fmt.Fprintf(b, "HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s", r.status, r.ctype, len(r.body), r.body)
	}
	wr, _, err := b.Build()
	if err != nil {
		t.Fatalf("build record %d: %v", i, err)
	}
	return wr
}
