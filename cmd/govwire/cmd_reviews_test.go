package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/classify/quality"
	"github.com/govwire/govwire/store"
)

// reviewDataDir writes a config whose data_dir holds the demo gold items
// as stored articles, and returns the config path and the items. With
// reviewed > 0 the first reviewed items get a review: their gold decision,
// except every fifth, whose on_topic is flipped (so rules and reviews
// disagree in both directions).
func reviewDataDir(t *testing.T, reviewed int) (string, []quality.GoldItem) {
	t.Helper()
	items, err := readGoldFile(demoGold)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "govwire.yaml")
	if err := os.WriteFile(cfg, []byte("data_dir: "+dir+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "govwire.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	base := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for i, g := range items {
		u := fmt.Sprintf("https://news.example/%s", g.ID)
		a := &govwire.Article{ID: fmt.Sprintf("%016x", i+1), URL: u, CanonicalURL: u, Source: "demo", Feed: "https://news.example/feed",
			Title: g.Title, Text: g.Text, Published: g.Document().Published, Fetched: base.Add(time.Duration(i) * time.Minute),
			ContentHash: g.ID, Extractor: "test/1", Classification: govwire.Classification{Ruleset: "old"}}
		if _, err := st.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		items[i].ID = a.ID
		if i >= reviewed {
			continue
		}
		r := govwire.Review{OnTopic: g.OnTopic, Labels: g.Labels, Reviewer: "ana", At: base.Add(time.Hour + time.Duration(i)*time.Second)}
		if i%5 == 4 {
			r.OnTopic = !r.OnTopic
		}
		if _, err := st.SaveReview(ctx, a.ID, r); err != nil {
			t.Fatal(err)
		}
	}
	return cfg, items
}

// TestEvalReviewsMatchesGold: eval --reviews on a store with 40 reviews
// prints the same report as eval --gold on those reviews exported, in text
// and in JSON; rules lint --reviews reads them too.
func TestEvalReviewsMatchesGold(t *testing.T) {
	cfg, _ := reviewDataDir(t, 40)
	gold := filepath.Join(t.TempDir(), "reviews.jsonl")
	if code, out, errs := runCLI(t, "reviews", "export", "--out", gold, "--config", cfg); code != 0 || !strings.Contains(out, "exported 40 reviewed articles") {
		t.Fatalf("reviews export: exit %d: %s %s", code, out, errs)
	}
	exported, err := readGoldFile(gold)
	if err != nil || len(exported) != 40 {
		t.Fatalf("the export is not a gold file of 40 items: %d, %v", len(exported), err)
	}
	for _, format := range [][]string{nil, {"--json"}} {
		code, fromStore, errs := runCLI(t, append([]string{"eval", "--reviews", "--config", cfg}, format...)...)
		if code != 0 {
			t.Fatalf("eval --reviews %v: exit %d: %s", format, code, errs)
		}
		code, fromFile, errs := runCLI(t, append([]string{"eval", "--gold", gold}, format...)...)
		if code != 0 {
			t.Fatalf("eval --gold %v: exit %d: %s", format, code, errs)
		}
		if fromStore != fromFile {
			t.Errorf("eval --reviews %v differs from eval --gold on the export:\n%s\n---\n%s", format, fromStore, fromFile)
		}
		if !strings.Contains(fromStore, "40") {
			t.Errorf("the report does not count 40 items:\n%s", fromStore)
		}
	}
	code, out, errs := runCLI(t, "rules", "lint", "--reviews", "--config", cfg, "--json")
	if code != 0 && code != 2 || !strings.HasPrefix(strings.TrimSpace(out), "[") {
		t.Errorf("rules lint --reviews: exit %d: %s %s", code, out, errs)
	}
	dir := editedRules(t, "protest.yaml", "")
	if code, out, errs := runCLI(t, "eval", "--reviews", "--against", dir, "--config", cfg); code != 0 || !strings.Contains(out, "protest") {
		t.Errorf("eval --against --reviews: exit %d: %s %s", code, out, errs)
	}
	empty, _ := reviewDataDir(t, 0)
	if code, _, errs := runCLI(t, "eval", "--reviews", "--config", empty); code != 2 || !strings.Contains(errs, "no reviewed articles") {
		t.Errorf("eval --reviews without reviews: exit %d: %s", code, errs)
	}
}

// TestReviewsImport: an import records every line once (a second import
// changes nothing), and a file with a bad line writes nothing and names the
// line.
func TestReviewsImport(t *testing.T) {
	from, _ := reviewDataDir(t, 40)
	file := filepath.Join(t.TempDir(), "reviews.jsonl")
	if code, _, errs := runCLI(t, "reviews", "export", "--out", file, "--config", from); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	to, _ := reviewDataDir(t, 0)
	code, out, errs := runCLI(t, "reviews", "import", file, "--config", to)
	if code != 0 || !strings.Contains(out, "40 new, 0 already there") {
		t.Fatalf("first import: exit %d: %s %s", code, out, errs)
	}
	code, out, errs = runCLI(t, "reviews", "import", file, "--config", to)
	if code != 0 || !strings.Contains(out, "0 new, 40 already there") {
		t.Fatalf("second import: exit %d: %s %s", code, out, errs)
	}
	again := filepath.Join(t.TempDir(), "again.jsonl")
	if code, _, errs := runCLI(t, "reviews", "export", "--out", again, "--config", to); code != 0 {
		t.Fatalf("export after import: %s", errs)
	}
	a, _ := os.ReadFile(file)
	b, _ := os.ReadFile(again)
	if string(a) != string(b) {
		t.Errorf("export after import differs from the file imported:\n%s\n---\n%s", a, b)
	}
	hist := reviewCount(t, to)
	lines := strings.Split(strings.TrimSpace(string(a)), "\n")
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	body := `{"id": "0000000000000001", "on_topic": true, "labels": ["award"], "reviewer": "ben"}` + "\n" +
		`{"id": "0000000000000002", "on_topic": true, "labels": ["rumour"]}` + "\n" +
		`{"id": "0000000000000003", "labels": []}` + "\n" +
		`not json` + "\n" + lines[0] + "\n"
	if err := os.WriteFile(bad, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCLI(t, "reviews", "import", bad, "--config", to)
	for _, want := range []string{"line 2: unknown label \"rumour\"", "line 3: on_topic is missing", "line 4:", "line 5: id 0000000000000001 repeats line 1", "nothing was imported"} {
		if !strings.Contains(errs, want) {
			t.Errorf("bad file: stderr lacks %q: %s", want, errs)
		}
	}
	if code != 2 {
		t.Errorf("bad file: exit %d, want 2", code)
	}
	unknown := filepath.Join(t.TempDir(), "unknown.jsonl")
	if err := os.WriteFile(unknown, []byte(lines[0]+"\n"+`{"id": "ffffffffffffffff", "on_topic": false}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCLI(t, "reviews", "import", unknown, "--config", to)
	if code != 2 || !strings.Contains(errs, "line 2: no stored article has id ffffffffffffffff") {
		t.Errorf("unknown article: exit %d: %s", code, errs)
	}
	if n := reviewCount(t, to); n != hist {
		t.Errorf("refused imports wrote reviews: %d, want %d", n, hist)
	}
}

// reviewCount counts every review in the store of config cfg.
func reviewCount(t *testing.T, cfg string) int {
	t.Helper()
	dir := filepath.Dir(cfg)
	st, err := store.Open(context.Background(), filepath.Join(dir, "govwire.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n := 0
	if err := st.ScanReviews(context.Background(), func(govwire.Review) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestReclassifyKeepsReviews: reclassify with the rules leaves the labels
// of reviewed articles as reviewed (in the store's label filter and in
// search) while it updates their rules' classification, and changes the
// labels of the others.
func TestReclassifyKeepsReviews(t *testing.T) {
	cfg, items := reviewDataDir(t, 10)
	if code, out, errs := runCLI(t, "reclassify", "--config", cfg); code != 0 {
		t.Fatalf("reclassify: exit %d: %s %s", code, out, errs)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(filepath.Dir(cfg), "govwire.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	byLabel := map[string][]string{}
	for _, l := range govwire.Labels {
		err := st.ScanArticles(ctx, govwire.ArticleFilter{Labels: []string{l}}, func(a *govwire.Article) error {
			byLabel[l] = append(byLabel[l], a.ID)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	changedUnreviewed := 0
	for i, g := range items {
		a, err := st.Article(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Ruleset == "old" {
			t.Errorf("%s kept the old rule set", g.ID)
		}
		want := a.Labels // the new rules'
		if i < 10 {
			if a.Review == nil {
				t.Fatalf("%s lost its review", g.ID)
			}
			want = a.Review.Labels
		} else if len(a.Labels) > 0 {
			changedUnreviewed++
		}
		for _, l := range govwire.Labels {
			if slices.Contains(byLabel[l], g.ID) != slices.Contains(want, l) {
				t.Errorf("%s (reviewed %v): label filter %s says %v, want labels %v", g.ID, i < 10, l,
					slices.Contains(byLabel[l], g.ID), want)
			}
		}
	}
	if changedUnreviewed == 0 {
		t.Error("reclassify labelled none of the unreviewed articles: the test proves nothing")
	}
	// Search (the index, caught up by reclassify) shows the reviewed labels.
	code, out, errs := runCLI(t, "search", "--json", "--config", cfg, "--label", "award", "--all", "--size", "100", "--", "")
	if code != 0 {
		t.Fatalf("search: exit %d: %s", code, errs)
	}
	var res govwire.SearchResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search --json: %v\n%s", err, out)
	}
	reviewedHits := 0
	for _, h := range res.Hits {
		a, _ := st.Article(ctx, h.ID)
		if a.Review != nil {
			reviewedHits++
		}
		if !a.HasEffectiveLabel("award") || h.LabelSource != a.LabelSource() {
			t.Errorf("hit %s: labels %v from %s; stored effective %v from %s", h.ID, h.Labels, h.LabelSource,
				a.EffectiveLabels(), a.LabelSource())
		}
	}
	if reviewedHits == 0 {
		t.Errorf("search --label award found no reviewed article (%d hits)", len(res.Hits))
	}
}
