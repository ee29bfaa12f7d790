package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/store"
)

var t0 = time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)

// fingerprint returns a fingerprint that is the same for the same story key.
func fingerprint(story int) govwire.Fingerprint {
	f := make(govwire.Fingerprint, govwire.FingerprintSize)
	for i := range f {
		f[i] = uint32(story*1000003 + i*7919)
	}
	return f
}

// fixture stores n articles; articles 0 and 1 are one syndicated story,
// every third is off topic, labels rotate, and one title is hostile.
func fixture(t testing.TB, n int) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "govwire.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for i := range n {
		story := i
		if i == 1 {
			story = 0
		}
		title := fmt.Sprintf("Agency %d awards cloud contract, \"quoted\", with comma", i)
		if i == 2 {
			title = `<script>alert(1)</script> protest at GAO`
		}
		text := fmt.Sprintf("Story %d. The Pentagon awarded a cloud contract.\nSecond line, with \"quotes\" and ünïcode.", story)
		a := &govwire.Article{
			URL: fmt.Sprintf("https://news%d.example.org/a/%d?utm_source=x", i%3, i), CanonicalURL: fmt.Sprintf("https://news%d.example.org/a/%d", i%3, i),
			FinalURL: fmt.Sprintf("https://news%d.example.org/a/%d", i%3, i), Source: fmt.Sprintf("outlet-%d", i%3),
			Feed: fmt.Sprintf("https://news%d.example.org/feed", i%3), Title: title, Text: text, Author: "A. Writer",
			Published: t0.Add(time.Duration(i) * time.Hour), ContentHash: fmt.Sprintf("h%d", i),
			Fingerprint: fingerprint(story), Extractor: "go-trafilatura v1.12.2",
		}
		if i == 4 {
			a.Published = time.Time{}
		}
		switch i {
		case 5:
			a.Via = govwire.ViaWARC
			a.Provenance = &govwire.Provenance{File: "news.warc.gz", RecordID: "<urn:uuid:5>", Offset: 1234,
				Captured: time.Date(2019, 10, 25, 8, 0, 0, 0, time.UTC)}
		case 6:
			a.Via = govwire.ViaSitemap
			a.Provenance = &govwire.Provenance{Listing: "https://news0.example.org/sitemap-2019.xml.gz"}
		}
		a.OnTopic = i%3 != 2 || i == 2
		if a.OnTopic {
			l := govwire.Labels[i%4]
			a.Labels = []string{l}
			a.Scores = map[string]float64{l: 2.5, "on_topic": 3}
			a.Evidence = []govwire.Evidence{{Rule: "award.verb", Label: l, Field: "text", Start: 10, End: 17, Text: text[10:17]}}
			a.Entities = []govwire.Entity{{Type: govwire.EntityAgency, Text: "Pentagon", Value: "Department of Defense", Field: "text", Start: 14, End: 22}}
		}
		a.Ruleset = "r1"
		if _, err := db.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func allRequest(format string) govwire.ExportRequest {
	return govwire.ExportRequest{Format: format}
}

// stored returns the expected records straight from the store.
func stored(t *testing.T, db *store.DB, f govwire.ArticleFilter) map[string]*govwire.Article {
	t.Helper()
	out := map[string]*govwire.Article{}
	if err := db.ScanArticles(context.Background(), f, func(a *govwire.Article) error { out[a.ID] = a; return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func checkRecord(t *testing.T, r *Record, a *govwire.Article) {
	t.Helper()
	if r.URL != a.URL || r.CanonicalURL != a.CanonicalURL || r.FinalURL != a.FinalURL || r.Source != a.Source ||
		r.Feed != a.Feed || r.Title != a.Title || r.Text != a.Text || r.Author != a.Author || r.OnTopic != a.OnTopic ||
		r.ClusterID != a.ClusterID || r.Ruleset != a.Ruleset || r.Extractor != "go-trafilatura" || r.ExtractorVersion != "v1.12.2" {
		t.Errorf("record %s differs from store:\n got %+v\nwant %+v", a.ID, r, a)
	}
	if r.Via != a.Via || !reflect.DeepEqual(r.Provenance, a.Provenance) {
		t.Errorf("%s via %q provenance %+v, want %q %+v", a.ID, r.Via, r.Provenance, a.Via, a.Provenance)
	}
	if (r.Published == nil) != a.Published.IsZero() || (r.Published != nil && !r.Published.Equal(a.Published)) {
		t.Errorf("%s published %v, want %v", a.ID, r.Published, a.Published)
	}
	if !r.Fetched.Equal(a.Fetched.Truncate(time.Second)) && !r.Fetched.Equal(a.Fetched) && !r.Fetched.Equal(a.Fetched.Truncate(time.Millisecond)) {
		t.Errorf("%s fetched %v, want %v", a.ID, r.Fetched, a.Fetched)
	}
	if !reflect.DeepEqual(r.Labels, nonNil(a.Labels)) || r.LabelAward != a.HasLabel("award") || r.LabelBid != a.HasLabel("bid") ||
		r.LabelProtest != a.HasLabel("protest") || r.LabelAllegation != a.HasLabel("allegation") {
		t.Errorf("%s labels %v (bid %v award %v protest %v allegation %v), want %v", a.ID, r.Labels, r.LabelBid, r.LabelAward, r.LabelProtest, r.LabelAllegation, a.Labels)
	}
	if len(r.Evidence) != len(a.Evidence) || (len(a.Evidence) > 0 && r.Evidence[0] != a.Evidence[0]) {
		t.Errorf("%s evidence %+v, want %+v", a.ID, r.Evidence, a.Evidence)
	}
	if len(r.Entities) != len(a.Entities) || (len(a.Entities) > 0 && r.Entities[0] != a.Entities[0]) {
		t.Errorf("%s entities %+v, want %+v", a.ID, r.Entities, a.Entities)
	}
	for k, v := range a.Scores {
		if r.Scores[k] != v {
			t.Errorf("%s score %s = %v, want %v", a.ID, k, r.Scores[k], v)
		}
	}
	if r.Split != SplitTrain && r.Split != SplitDev && r.Split != SplitTest {
		t.Errorf("%s split %q", a.ID, r.Split)
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func TestRoundTripEveryFormat(t *testing.T) {
	db := fixture(t, 30)
	want := stored(t, db, govwire.ArticleFilter{})
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			x := &Exporter{Store: db}
			st, err := x.Export(context.Background(), &buf, allRequest(format))
			if err != nil {
				t.Fatal(err)
			}
			recs := readBack(t, format, buf.Bytes())
			if len(recs) != len(want) || st.Articles != len(want) || st.Bytes != int64(buf.Len()) {
				t.Fatalf("read back %d records, stats %+v, want %d", len(recs), st, len(want))
			}
			for _, r := range recs {
				a, ok := want[r.ID]
				if !ok {
					t.Fatalf("unknown id %s", r.ID)
				}
				checkRecord(t, r, a)
				if r.ID == want[r.ID].ClusterID && r.ClusterSize < 1 {
					t.Errorf("cluster size %d", r.ClusterSize)
				}
			}
		})
	}
}

func readBack(t *testing.T, format string, b []byte) []*Record {
	t.Helper()
	var out []*Record
	switch format {
	case "jsonl":
		dec := json.NewDecoder(bytes.NewReader(b))
		for {
			var r Record
			if err := dec.Decode(&r); err == io.EOF {
				return out
			} else if err != nil {
				t.Fatal(err)
			}
			out = append(out, &r)
		}
	case "csv":
		return readCSV(t, b)
	case "parquet":
		rows, err := parquet.Read[ParquetRow](bytes.NewReader(b), int64(len(b)))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range rows {
			out = append(out, fromParquet(p))
		}
	}
	return out
}

func readCSV(t *testing.T, b []byte) []*Record {
	t.Helper()
	if !bytes.Contains(b, []byte("\r\n")) {
		t.Error("CSV lines do not end in CRLF (RFC 4180)")
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows[0], Columns) {
		t.Fatalf("header %v", rows[0])
	}
	var out []*Record
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, c := range Columns {
			m[c] = row[i]
		}
		r := &Record{ID: m["id"], URL: m["url"], CanonicalURL: m["canonical_url"], FinalURL: m["final_url"], Source: m["source"],
			Feed: m["feed"], Via: m["via"], Title: m["title"], Text: m["text"], Author: m["author"], OnTopic: m["on_topic"] == "true",
			LabelBid: m["label_bid"] == "true", LabelAward: m["label_award"] == "true", LabelProtest: m["label_protest"] == "true",
			LabelAllegation: m["label_allegation"] == "true", ClusterID: m["cluster_id"], Ruleset: m["ruleset"],
			Extractor: m["extractor"], ExtractorVersion: m["extractor_version"], Split: m["split"]}
		fmt.Sscan(m["cluster_size"], &r.ClusterSize)
		if m["published"] != "" {
			p, err := time.Parse(time.RFC3339, m["published"])
			if err != nil {
				t.Fatal(err)
			}
			r.Published = &p
		}
		var err error
		if r.Fetched, err = time.Parse(time.RFC3339, m["fetched"]); err != nil {
			t.Fatal(err)
		}
		for col, dst := range map[string]any{"labels": &r.Labels, "scores": &r.Scores, "evidence": &r.Evidence, "entities": &r.Entities} {
			if err := json.Unmarshal([]byte(m[col]), dst); err != nil {
				t.Fatalf("column %s: %v", col, err)
			}
		}
		if m["provenance"] != "null" {
			if err := json.Unmarshal([]byte(m["provenance"]), &r.Provenance); err != nil {
				t.Fatalf("column provenance: %v", err)
			}
		}
		out = append(out, r)
	}
	return out
}

func fromParquet(p ParquetRow) *Record {
	r := &Record{ID: p.ID, URL: p.URL, CanonicalURL: p.CanonicalURL, FinalURL: p.FinalURL, Source: p.Source, Feed: p.Feed,
		Title: p.Title, Text: p.Text, Author: p.Author, Published: p.Published, Fetched: p.Fetched, OnTopic: p.OnTopic,
		Labels: p.Labels, LabelBid: p.LabelBid, LabelAward: p.LabelAward, LabelProtest: p.LabelProtest, LabelAllegation: p.LabelAllegation,
		ClusterID: p.ClusterID, ClusterSize: int(p.ClusterSize), Ruleset: p.Ruleset, Extractor: p.Extractor,
		ExtractorVersion: p.ExtractorVersion, Split: p.Split, Scores: map[string]float64{}}
	r.Via = p.Via
	if q := p.Provenance; q != nil {
		r.Provenance = &govwire.Provenance{File: q.File, RecordID: q.RecordID, Offset: q.Offset, Line: int(q.Line), Listing: q.Listing}
		if q.Captured != nil {
			r.Provenance.Captured = q.Captured.UTC()
		}
	}
	if r.Labels == nil {
		r.Labels = []string{}
	}
	for k, v := range map[string]float64{"on_topic": p.Scores.OnTopic, "bid": p.Scores.Bid, "award": p.Scores.Award, "protest": p.Scores.Protest, "allegation": p.Scores.Allegation} {
		if v != 0 {
			r.Scores[k] = v
		}
	}
	for _, e := range p.Evidence {
		r.Evidence = append(r.Evidence, govwire.Evidence{Rule: e.Rule, Label: e.Label, Field: e.Field, Start: int(e.Start), End: int(e.End), Text: e.Text})
	}
	for _, e := range p.Entities {
		r.Entities = append(r.Entities, govwire.Entity{Type: e.Type, Text: e.Text, Value: e.Value, Amount: e.Amount, Field: e.Field, Start: int(e.Start), End: int(e.End)})
	}
	return r
}

func TestSplitStableAndKeepsClustersTogether(t *testing.T) {
	db := fixture(t, 60)
	run := func(seed string) map[string]*Record {
		var buf bytes.Buffer
		x := &Exporter{Store: db}
		if _, err := x.Export(context.Background(), &buf, govwire.ExportRequest{Format: "jsonl", Seed: seed}); err != nil {
			t.Fatal(err)
		}
		out := map[string]*Record{}
		for _, r := range readBack(t, "jsonl", buf.Bytes()) {
			out[r.ID] = r
		}
		return out
	}
	a, b, other := run(""), run(""), run("another-seed")
	bySplit := map[string]int{}
	clusterSplit := map[string]string{}
	moved := 0
	for id, r := range a {
		if b[id].Split != r.Split {
			t.Errorf("%s: split %s then %s with the same seed", id, r.Split, b[id].Split)
		}
		if other[id].Split != r.Split {
			moved++
		}
		bySplit[r.Split]++
		if s, ok := clusterSplit[r.ClusterID]; ok && s != r.Split {
			t.Errorf("cluster %s straddles %s and %s", r.ClusterID, s, r.Split)
		}
		clusterSplit[r.ClusterID] = r.Split
	}
	if moved == 0 {
		t.Error("a different seed changed no split")
	}
	if bySplit[SplitTrain] < bySplit[SplitTest] || bySplit[SplitTrain] < 30 {
		t.Errorf("split counts %v far from 80/10/10", bySplit)
	}
	// The syndicated pair (articles 0 and 1) shares a cluster of size 2.
	pairs := 0
	for _, r := range a {
		if r.ClusterSize == 2 {
			pairs++
		}
	}
	if pairs != 2 {
		t.Errorf("%d records in a cluster of two, want 2", pairs)
	}
}

func TestFiltersAndNoText(t *testing.T) {
	db := fixture(t, 30)
	cases := []struct {
		name  string
		req   govwire.ExportRequest
		check func(t *testing.T, r *Record)
		want  func(a *govwire.Article) bool
	}{
		{"on topic, one per cluster", govwire.ExportRequest{Filter: govwire.ArticleFilter{OnTopicOnly: true, OnePerCluster: true}},
			func(t *testing.T, r *Record) {
				if !r.OnTopic {
					t.Errorf("%s off topic", r.ID)
				}
			}, nil},
		{"label protest", govwire.ExportRequest{Filter: govwire.ArticleFilter{Labels: []string{"protest"}}},
			func(t *testing.T, r *Record) {
				if !r.LabelProtest {
					t.Errorf("%s has no protest label", r.ID)
				}
			}, func(a *govwire.Article) bool { return a.HasLabel("protest") }},
		{"no text", govwire.ExportRequest{NoText: true},
			func(t *testing.T, r *Record) {
				if r.Text != "" {
					t.Errorf("%s carries text", r.ID)
				}
				for _, e := range r.Evidence {
					if e.Field == "text" && (e.Text != "" || e.End <= e.Start) {
						t.Errorf("%s evidence %+v: want offsets without text", r.ID, e)
					}
				}
			}, func(*govwire.Article) bool { return true }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			tc.req.Format = "jsonl"
			st, err := (&Exporter{Store: db}).Export(context.Background(), &buf, tc.req)
			if err != nil {
				t.Fatal(err)
			}
			recs := readBack(t, "jsonl", buf.Bytes())
			for _, r := range recs {
				tc.check(t, r)
			}
			if tc.want != nil {
				n := 0
				for _, a := range stored(t, db, govwire.ArticleFilter{}) {
					if tc.want(a) {
						n++
					}
				}
				if n != len(recs) || st.Articles != n {
					t.Errorf("%d records, want %d", len(recs), n)
				}
			}
			if tc.req.NoText && strings.Contains(buf.String(), "Pentagon awarded") {
				t.Error("article text leaked into a --no-text export")
			}
		})
	}
}

func TestBadRequests(t *testing.T) {
	db := fixture(t, 3)
	for _, req := range []govwire.ExportRequest{
		{Format: "xml"},
		{Format: "jsonl", TrainRatio: 0.9, DevRatio: 0.5},
		{Format: "jsonl", Filter: govwire.ArticleFilter{Labels: []string{"rumour"}}},
	} {
		_, err := (&Exporter{Store: db}).Export(context.Background(), io.Discard, req)
		if govwire.ErrorCode(err) != govwire.EINVALID {
			t.Errorf("%+v: got %v, want an invalid error", req, err)
		}
	}
	if _, err := (&Exporter{Store: db}).Export(context.Background(), io.Discard, govwire.ExportRequest{Query: "jedi"}); govwire.ErrorCode(err) != govwire.EUNAVAILABLE {
		t.Errorf("query without a searcher: %v", err)
	}
}

func TestWriteCorpusDatasheetAndManifest(t *testing.T) {
	db := fixture(t, 20)
	dir := t.TempDir()
	out := filepath.Join(dir, "corpus.parquet")
	sum, err := WriteCorpus(context.Background(), &Exporter{Store: db}, out, govwire.ExportRequest{Format: "parquet",
		Filter: govwire.ArticleFilter{OnTopicOnly: true}}, "govwire export --format parquet --out corpus.parquet", t0)
	if err != nil {
		t.Fatal(err)
	}
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if m.Files[0].Bytes != info.Size() || len(m.Files[0].SHA256) != 64 || m.Summary.Articles != sum.Articles || sum.Articles == 0 {
		t.Errorf("manifest %+v does not match the file (%d bytes) and summary %+v", m.Files, info.Size(), sum)
	}
	ds, err := os.ReadFile(filepath.Join(dir, "datasheet.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| total | " + fmt.Sprint(sum.Articles) + " |", "govwire export --format parquet", "`r1`", "| outlet-0 |", "## How the articles were found", "| sitemap | 1 |", "Known limitations", "seed \"govwire\""} {
		if !strings.Contains(string(ds), want) {
			t.Errorf("datasheet lacks %q:\n%s", want, ds)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}
