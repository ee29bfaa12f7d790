package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/store"
)

// TestAgreementMeasures checks precision, recall and Cohen's kappa against
// values worked out by hand.
func TestAgreementMeasures(t *testing.T) {
	// 50 rows: both 20, rules only 5, reviewer only 10, neither 15.
	// po = 35/50 = 0.7; rules say yes to 25/50 = 0.5, reviewers to 30/50 = 0.6;
	// pe = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = (0.7-0.5)/(1-0.5) = 0.4.
	a := Agreement{Both: 20, RulesOnly: 5, ReviewOnly: 10, Neither: 15}
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		{"precision", a.Precision(), 0.8}, {"recall", a.Recall(), 20.0 / 30}, {"kappa", a.Kappa(), 0.4},
		// All agree, both rates 1/2: po = 1, pe = 0.5, kappa = 1.
		{"perfect kappa", Agreement{Both: 3, Neither: 3}.Kappa(), 1},
		// Never agree with rates 1/2: po = 0, pe = 0.5, kappa = -1.
		{"opposite kappa", Agreement{RulesOnly: 2, ReviewOnly: 2}.Kappa(), -1},
	} {
		if math.Abs(tc.got-tc.want) > 1e-12 {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	for name, f := range map[string]float64{"kappa of no rows": Agreement{}.Kappa(),
		"kappa when all say no": Agreement{Neither: 4}.Kappa(), "precision without a rules yes": Agreement{ReviewOnly: 1}.Precision()} {
		if !math.IsNaN(f) {
			t.Errorf("%s = %v, want undefined", name, f)
		}
	}
	b, err := json.Marshal(Agreement{Neither: 4})
	if err != nil || !strings.Contains(string(b), `"kappa":null`) {
		t.Errorf("undefined kappa in JSON: %s %v", b, err)
	}
}

// reviewFixture stores 12 articles and reviews four of them:
// 0 (award) confirmed, 1 (protest) now protest and allegation, 3 (bid)
// off topic, 4 (award) now bid.
func reviewFixture(t *testing.T) (*store.DB, map[string]govwire.Review) {
	t.Helper()
	db := fixture(t, 12)
	all := stored(t, db, govwire.ArticleFilter{})
	byIndex := map[int]string{}
	for id, a := range all {
		for i := range 12 {
			if strings.HasPrefix(a.CanonicalURL, "https://news") && strings.HasSuffix(a.CanonicalURL, "/a/"+strconv.Itoa(i)) {
				byIndex[i] = id
			}
		}
	}
	reviews := map[string]govwire.Review{}
	for i, r := range map[int]govwire.Review{
		0: {OnTopic: true, Labels: []string{"award"}, Reviewer: "ana", Note: "right"},
		1: {OnTopic: true, Labels: []string{"allegation", "protest"}, Reviewer: "ben"},
		3: {OnTopic: false, Reviewer: "ana", Note: "a job advert"},
		4: {OnTopic: true, Labels: []string{"bid"}, Reviewer: "ben"},
	} {
		r.At = t0.Add(time.Duration(i) * time.Minute)
		got, err := db.SaveReview(context.Background(), byIndex[i], r)
		if err != nil {
			t.Fatal(err)
		}
		reviews[byIndex[i]] = got
	}
	return db, reviews
}

// readParquetRows decodes a Parquet export.
func readParquetRows(t *testing.T, b []byte) []ParquetRow {
	t.Helper()
	rows, err := parquet.Read[ParquetRow](bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestExportCarriesReviews(t *testing.T) {
	db, reviews := reviewFixture(t)
	rules := stored(t, db, govwire.ArticleFilter{})
	var buf bytes.Buffer
	if _, err := (&Exporter{Store: db}).Export(context.Background(), &buf, allRequest("jsonl")); err != nil {
		t.Fatal(err)
	}
	recs := readBack(t, "jsonl", buf.Bytes())
	if len(recs) != len(rules) {
		t.Fatalf("%d rows, want %d", len(recs), len(rules))
	}
	for _, r := range recs {
		a := rules[r.ID]
		if !reflect.DeepEqual(r.RulesLabels, nonNil(a.Labels)) || r.RulesOnTopic != a.OnTopic {
			t.Errorf("%s rules' decision %v %v, want %v %v", r.ID, r.RulesOnTopic, r.RulesLabels, a.OnTopic, a.Labels)
		}
		rev, reviewed := reviews[r.ID]
		if !reviewed {
			if r.LabelSource != "rules" || r.Review != nil || !reflect.DeepEqual(r.Labels, nonNil(a.Labels)) {
				t.Errorf("unreviewed %s: source %s review %+v labels %v", r.ID, r.LabelSource, r.Review, r.Labels)
			}
			continue
		}
		want := &ReviewRecord{OnTopic: rev.OnTopic, Labels: nonNil(rev.Labels), Reviewer: rev.Reviewer, At: rev.At, Note: rev.Note, Ruleset: a.Ruleset}
		if r.LabelSource != "review" || !reflect.DeepEqual(r.Review, want) || r.OnTopic != rev.OnTopic ||
			!reflect.DeepEqual(r.Labels, nonNil(rev.Labels)) || r.LabelBid != slices.Contains(rev.Labels, "bid") {
			t.Errorf("reviewed %s: source %s on_topic %v labels %v bid %v review %+v; want review %+v", r.ID, r.LabelSource,
				r.OnTopic, r.Labels, r.LabelBid, r.Review, want)
		}
	}

	// CSV and Parquet carry the same columns.
	buf.Reset()
	if _, err := (&Exporter{Store: db}).Export(context.Background(), &buf, allRequest("csv")); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int { return slices.Index(rows[0], name) }
	seen := 0
	for _, row := range rows[1:] {
		rev, ok := reviews[row[col("id")]]
		if !ok {
			continue
		}
		seen++
		var rr ReviewRecord
		if err := json.Unmarshal([]byte(row[col("review")]), &rr); err != nil || rr.Reviewer != rev.Reviewer ||
			row[col("label_source")] != "review" {
			t.Errorf("CSV row %s: review %q source %q", row[col("id")], row[col("review")], row[col("label_source")])
		}
	}
	if seen != len(reviews) {
		t.Errorf("CSV has %d reviewed rows, want %d", seen, len(reviews))
	}
	buf.Reset()
	if _, err := (&Exporter{Store: db}).Export(context.Background(), &buf, allRequest("parquet")); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range readParquetRows(t, buf.Bytes()) {
		if rev, ok := reviews[p.ID]; ok {
			n++
			if p.Review == nil || p.Review.Reviewer != rev.Reviewer || !p.Review.At.Equal(rev.At) || p.LabelSource != "review" {
				t.Errorf("Parquet row %s: review %+v source %s", p.ID, p.Review, p.LabelSource)
			}
		} else if p.Review != nil {
			t.Errorf("Parquet row %s: a review it does not have", p.ID)
		}
	}
	if n != len(reviews) {
		t.Errorf("Parquet has %d reviewed rows, want %d", n, len(reviews))
	}
}

func TestReviewedOnlyAndDatasheet(t *testing.T) {
	db, reviews := reviewFixture(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "corpus.jsonl")
	req := govwire.ExportRequest{Format: "jsonl", Filter: govwire.ArticleFilter{ReviewedOnly: true}}
	sum, err := WriteCorpus(context.Background(), &Exporter{Store: db}, out, req, "govwire export --reviewed-only", t0)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Articles != len(reviews) || sum.Reviewed != len(reviews) {
		t.Fatalf("exported %d rows, %d reviewed; want %d of each", sum.Articles, sum.Reviewed, len(reviews))
	}
	ds, err := os.ReadFile(filepath.Join(dir, "datasheet.md"))
	if err != nil {
		t.Fatal(err)
	}
	// award: rules yes on 0 and 4, reviewers yes on 0 only: both 1, rules
	// only 1, neither 2; po 3/4, pe 1/2*1/4 + 1/2*3/4 = 1/2, kappa 1/2.
	// on_topic: rules yes on all four, reviewers on three: po 3/4, pe 3/4,
	// kappa 0. allegation: reviewers only on 1; rules never: precision n/a.
	for _, want := range []string{
		"4 of the 4 rows were reviewed",
		"| on_topic | 3 | 1 | 0 | 0 | 0.75 | 1.00 | 0.00 |",
		"| award | 1 | 1 | 0 | 2 | 0.50 | 1.00 | 0.50 |",
		"| allegation | 0 | 0 | 1 | 3 | n/a | 0.00 | 0.00 |",
		"reviewed articles only",
	} {
		if !strings.Contains(string(ds), want) {
			t.Errorf("datasheet lacks %q:\n%s", want, ds)
		}
	}
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if a := m.Summary.Agreement["award"]; a == nil || *a != (Agreement{Both: 1, RulesOnly: 1, Neither: 2}) || !m.Filter.ReviewedOnly {
		t.Errorf("manifest agreement on award = %+v, reviewed_only %v", a, m.Filter.ReviewedOnly)
	}
	if !strings.Contains(string(b), `"kappa": 0.5`) && !strings.Contains(string(b), `"kappa":0.5`) {
		t.Errorf("manifest lacks award's kappa: %s", b)
	}

	// Without reviews the datasheet says so.
	dir2 := t.TempDir()
	if _, err := WriteCorpus(context.Background(), &Exporter{Store: fixture(t, 3)}, filepath.Join(dir2, "c.jsonl"),
		allRequest("jsonl"), "govwire export", t0); err != nil {
		t.Fatal(err)
	}
	ds, _ = os.ReadFile(filepath.Join(dir2, "datasheet.md"))
	if !strings.Contains(string(ds), "No row was reviewed") {
		t.Errorf("datasheet without reviews:\n%s", ds)
	}
}
