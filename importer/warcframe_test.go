package importer

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/govwire/govwire/ingest"
)

// TestImportWARCDigests: with the default (auto), a gzip member whose
// record's digest is wrong but whose CRC is sound is imported, and a plain
// record's digest is checked; verify checks both, skip neither.
func TestImportWARCDigests(t *testing.T) {
	a := response("https://news.example.org/a", "text/html", onTopicPage(1))
	a.badDigest = true
	c := response("https://news.example.org/c", "text/html", onTopicPage(3))
	for _, tc := range []struct {
		digests string
		gz      bool
		new     int
	}{
		{DigestsAuto, true, 2}, {DigestsAuto, false, 1},
		{DigestsVerify, true, 1}, {DigestsVerify, false, 1},
		{DigestsSkip, true, 2}, {DigestsSkip, false, 2},
	} {
		e := newEnv(t)
		path, offsets := writeWARC(t, t.TempDir(), "d.warc", tc.gz, 0, a, c)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		im, err := New(Options{Ingester: e.in, MayBeOnTopic: e.rules.MayBeOnTopic, Digests: tc.digests})
		if err != nil {
			t.Fatal(err)
		}
		sum, err := im.WARC(context.Background(), "d.warc", bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if sum.New != tc.new || sum.Failed != 2-tc.new || sum.Discovered != 2 {
			t.Errorf("digests %s gzip %v: %s; want %d new", tc.digests, tc.gz, sum, tc.new)
		}
		if sum.Failed == 1 && (sum.Errors[0].Offset != offsets[0] || !strings.Contains(sum.Errors[0].Error, "digest")) {
			t.Errorf("digests %s gzip %v: error %+v, want a digest error at %d", tc.digests, tc.gz, sum.Errors[0], offsets[0])
		}
	}
	if _, err := New(Options{Ingester: newEnv(t).in, Digests: "sometimes"}); err == nil {
		t.Error("an unknown digests mode was accepted")
	}
}

// TestImportWARCJunk: bytes between records that hold no record are
// reported once with their offset, and the records around them imported.
func TestImportWARCJunk(t *testing.T) {
	for _, gz := range []bool{false, true} {
		e := newEnv(t)
		c := response("https://news.example.org/c", "text/html", onTopicPage(3))
		c.junk = strings.Repeat("this is not a record\n", 300)
		path, offsets := writeWARC(t, t.TempDir(), "j.warc", gz, 0,
			response("https://news.example.org/a", "text/html", onTopicPage(1)), c)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sum, err := e.importer(t, true).WARC(context.Background(), "j.warc", f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		junkAt := offsets[1] - int64(len(c.junk))
		if sum.New != 2 || sum.Failed != 1 || sum.Errors[0].Offset != junkAt || !strings.Contains(sum.Errors[0].Error, "no WARC record") {
			t.Errorf("gzip %v: %s %+v; want 2 new and the junk at %d reported", gz, sum, sum.Errors, junkAt)
		}
	}
}

// TestImportWARCSameURLTwice: two captures of one page count one new and
// one "already stored" however the workers interleave.
func TestImportWARCSameURLTwice(t *testing.T) {
	var recs []rec
	for i := range 6 {
		recs = append(recs, response("https://news.example.org/a", "text/html", onTopicPage(1)),
			response("https://news.example.org/weather"+strings.Repeat("x", i), "text/html", offTopicPage(i)))
	}
	path, _ := writeWARC(t, t.TempDir(), "twice.warc.gz", true, 0, recs...)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		e := newEnv(t)
		sum, err := e.importer(t, true).WARC(context.Background(), "twice.warc.gz", bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if sum.New != 1 || sum.SkippedBy[ingest.SkipStored] != 5 || sum.SkippedBy[SkipPrefilter] != 6 {
			t.Errorf("%s %v; want 1 new, 5 already stored, 6 refused by the pre-filter", sum, sum.SkippedBy)
		}
	}
}

// TestImportWARCStopAndResume: an import stopped halfway (Ctrl-C) reports
// what it did, and the next run stores the rest and nothing twice.
func TestImportWARCStopAndResume(t *testing.T) {
	data, st := genWARC(t, 2)
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o := Options{Ingester: e.in, MayBeOnTopic: e.rules.MayBeOnTopic,
		OnRecord: func(off int64) {
			if off > int64(len(data))/2 {
				cancel()
			}
		}}
	im, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	first, err := im.WARC(ctx, "gen.warc.gz", bytes.NewReader(data))
	if err == nil || first.Discovered >= st.Records || first.New >= st.OnTopicPages {
		t.Fatalf("stopped run: %s, %v; want a context error and part of the file", first, err)
	}
	second, err := e.importer(t, true).WARC(context.Background(), "gen.warc.gz", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if first.New+second.New != st.OnTopicPages || second.SkippedBy[ingest.SkipStored] != first.New || second.Failed != 0 {
		t.Errorf("first %s, second %s %v; want %d on-topic pages stored once in all", first, second, second.SkippedBy, st.OnTopicPages)
	}
}
