package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportOut covers what --out may name: an existing folder (written
// into as corpus.<format>), a file whose extension gives the format, a
// file whose extension contradicts --format (refused), and a failed query
// (nothing left behind).
func TestExportOut(t *testing.T) {
	_, cfg := storeDir(t, "")
	base := t.TempDir()

	folder := filepath.Join(base, "folder")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "--config", cfg, "export", "--format", "csv", "--out", folder)
	if want := filepath.Join(folder, "corpus.csv"); code != 0 || !strings.Contains(out, want) {
		t.Errorf("export --out FOLDER: exit %d %q %q; want it written to %s", code, out, errs, want)
	}
	for _, name := range []string{"corpus.csv", "datasheet.md", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(folder, name)); err != nil {
			t.Errorf("export --out FOLDER: %v", err)
		}
	}

	code, out, errs = runCLI(t, "--config", cfg, "export", "--format", "parquet", "--out", filepath.Join(base, "x.csv"))
	if code != 2 || !strings.Contains(errs, "has the extension of csv, but --format is parquet") {
		t.Errorf("export --format parquet --out x.csv: exit %d %q %q; want a usage error", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(base, "x.csv")); err == nil {
		t.Error("export --format parquet --out x.csv wrote x.csv")
	}

	pq := filepath.Join(base, "inferred", "c.parquet")
	if code, out, errs = runCLI(t, "--config", cfg, "export", "--out", pq); code != 0 {
		t.Fatalf("export --out c.parquet: exit %d %q %q", code, out, errs)
	}
	if b, err := os.ReadFile(pq); err != nil || !bytes.HasPrefix(b, []byte("PAR1")) {
		t.Errorf("export --out c.parquet without --format: not Parquet (%v)", err)
	}

	failed := filepath.Join(base, "failed")
	code, out, errs = runCLI(t, "--config", cfg, "export", "--query", "title:(", "--out", filepath.Join(failed, "sub", "c.jsonl"))
	if code == 0 {
		t.Errorf("export --query 'title:(': exit 0 %q %q", out, errs)
	}
	if _, err := os.Stat(failed); err == nil {
		t.Errorf("export with a failed query left %s behind (%q)", failed, errs)
	}
}
