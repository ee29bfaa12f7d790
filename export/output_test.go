package export

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govwire/govwire"
)

func TestResolveOut(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		out, format       string
		wantPath, wantFmt string
		wantErr           string
	}{
		{dir, "", filepath.Join(dir, "corpus.jsonl"), "jsonl", ""},
		{dir, "parquet", filepath.Join(dir, "corpus.parquet"), "parquet", ""},
		{filepath.Join(dir, "new") + "/", "csv", filepath.Join(dir, "new", "corpus.csv"), "csv", ""},
		{"x.csv", "", "x.csv", "csv", ""},
		{"x.CSV", "csv", "x.CSV", "csv", ""},
		{"x.parquet", "", "x.parquet", "parquet", ""},
		{"x.pq", "parquet", "x.pq", "parquet", ""},
		{"x.ndjson", "", "x.ndjson", "jsonl", ""},
		{"corpus", "", "corpus", "jsonl", ""},
		{"corpus.data", "csv", "corpus.data", "csv", ""},
		{"x.csv", "parquet", "", "", "--out x.csv has the extension of csv, but --format is parquet: name the file x.parquet or leave --format out"},
		{"x.jsonl", "csv", "", "", "extension of jsonl, but --format is csv"},
		{"x.csv", "xml", "", "", `format "xml"`},
		{"", "csv", "", "", "--out is required"},
	}
	for _, c := range cases {
		path, format, err := ResolveOut(c.out, c.format)
		if c.wantErr != "" {
			if govwire.ErrorCode(err) != govwire.EINVALID || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("ResolveOut(%q, %q) error %v, want an invalid error with %q", c.out, c.format, err, c.wantErr)
			}
			continue
		}
		if err != nil || path != c.wantPath || format != c.wantFmt {
			t.Errorf("ResolveOut(%q, %q) = %q, %q, %v; want %q, %q", c.out, c.format, path, format, err, c.wantPath, c.wantFmt)
		}
	}
}

// TestWriteCorpusIntoDirectory: an existing folder as --out is written
// into, as corpus.<format> with the datasheet and manifest beside it.
func TestWriteCorpusIntoDirectory(t *testing.T) {
	db := fixture(t, 6)
	dir := t.TempDir()
	path, format, err := ResolveOut(dir, "csv")
	if err != nil {
		t.Fatal(err)
	}
	req := govwire.ExportRequest{Format: format, Filter: govwire.ArticleFilter{OnTopicOnly: true}}
	if _, err := WriteCorpus(context.Background(), &Exporter{Store: db}, path, req, "test", t0); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"corpus.csv", "datasheet.md", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s not written: %v", name, err)
		}
	}
	// Given the folder itself, WriteCorpus refuses with a clear message
	// rather than failing on a rename.
	_, err = WriteCorpus(context.Background(), &Exporter{Store: db}, dir, req, "test", t0)
	if govwire.ErrorCode(err) != govwire.EINVALID || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("WriteCorpus to a directory: %v", err)
	}
}

// TestWriteCorpusFailureLeavesNothing: a query that cannot run leaves
// neither files nor the directories made for them; directories that were
// there before stay.
func TestWriteCorpusFailureLeavesNothing(t *testing.T) {
	db := fixture(t, 3)
	base := t.TempDir()
	out := filepath.Join(base, "a", "b", "corpus.jsonl")
	req := govwire.ExportRequest{Query: "jedi", Filter: govwire.ArticleFilter{OnTopicOnly: true}}
	if _, err := WriteCorpus(context.Background(), &Exporter{Store: db}, out, req, "test", t0); err == nil {
		t.Fatal("a query without a search index succeeded")
	}
	left, err := os.ReadDir(base)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 0 {
		t.Errorf("failed export left %v in %s", left, base)
	}
}

// TestManifestSplitDecimals: 1 - 0.8 - 0.1 is written as 0.1.
func TestManifestSplitDecimals(t *testing.T) {
	db := fixture(t, 3)
	for _, c := range []struct {
		train, dev float64
		want       string
	}{
		{0.8, 0.1, `"train": 0.8, "dev": 0.1, "test": 0.1,`},
		{0.7, 0.15, `"train": 0.7, "dev": 0.15, "test": 0.15,`},
	} {
		dir := t.TempDir()
		req := govwire.ExportRequest{TrainRatio: c.train, DevRatio: c.dev}
		if _, err := WriteCorpus(context.Background(), &Exporter{Store: db}, filepath.Join(dir, "c.jsonl"), req, "test", t0); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		var m struct{ Split json.RawMessage }
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		split := strings.Join(strings.Fields(string(m.Split)), " ")
		if !strings.Contains(split, c.want) {
			t.Errorf("manifest split %s, want %s", split, c.want)
		}
	}
}

// TestDatasheetFieldMeanings: every column has a type and a meaning, and
// the datasheet shows them.
func TestDatasheetFieldMeanings(t *testing.T) {
	if len(Fields) != len(Columns) {
		t.Errorf("%d field descriptions for %d columns", len(Fields), len(Columns))
	}
	db := fixture(t, 3)
	dir := t.TempDir()
	if _, err := WriteCorpus(context.Background(), &Exporter{Store: db}, filepath.Join(dir, "c.jsonl"), govwire.ExportRequest{}, "test", t0); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "datasheet.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range Columns {
		d, ok := Fields[c]
		if !ok || d.Type == "" || len(d.Meaning) < 5 {
			t.Errorf("column %s has no meaning: %+v", c, d)
			continue
		}
		if row := "| `" + c + "` | " + d.Type + " | " + d.Meaning + " |"; !strings.Contains(string(b), row) {
			t.Errorf("datasheet lacks the row %q", row)
		}
	}
}
