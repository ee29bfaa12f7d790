package ingest

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// goldenPages maps each test page to the URL it is extracted as.
var goldenPages = map[string]string{
	"award.html":    "https://www.beltwaybyte.example.com/2026/11/defense-hosting-award",
	"protest.html":  "https://capledger.example.org/news/gao-protest-intel-cloud",
	"selector.html": "https://npj.example.co.uk/bids/regional-cloud",
	"latin1.html":   "https://jdm.example.fr/a/cloud",
}

// TestExtractGolden compares the whole extraction of each test page with
// testdata/pages/NAME.golden.json; run with -update to rewrite them after
// a deliberate change, and review the diff.
func TestExtractGolden(t *testing.T) {
	for name, pageURL := range goldenPages {
		t.Run(name, func(t *testing.T) {
			ex, err := Extract(context.Background(), readTestdata(t, "pages", name), pageURL, "")
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{"title": ex.Title, "author": ex.Author, "canonical_url": ex.CanonicalURL,
				"text": ex.Text, "published": ""}
			if !ex.Published.IsZero() {
				got["published"] = ex.Published.Format(time.RFC3339)
			}
			b, err := json.MarshalIndent(got, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "pages", strings.TrimSuffix(name, ".html")+".golden.json")
			if *update {
				if err := os.WriteFile(golden, append(b, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestExtractGolden -update to create it)", err)
			}
			if strings.TrimSpace(string(want)) != string(b) {
				t.Errorf("extraction of %s differs from %s:\ngot:\n%s\nwant:\n%s", name, golden, b, want)
			}
		})
	}
}
