package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExportNeverOverwritesUserFiles: export refuses to replace a file it
// did not write (the corpus path, or a datasheet.md or manifest.json beside
// it), and may replace its own earlier export.
func TestExportNeverOverwritesUserFiles(t *testing.T) {
	_, cfg := storeDir(t, "")
	mine := t.TempDir()
	for _, name := range []string{"corpus.jsonl", "datasheet.md"} {
		out := filepath.Join(t.TempDir(), "corpus.jsonl")
		user := filepath.Join(filepath.Dir(out), name)
		if err := os.WriteFile(user, []byte("the user's own"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, o, errs := runCLI(t, "--config", cfg, "export", "--out", out)
		if code != 2 || !strings.Contains(errs, "did not write") {
			t.Errorf("export over a user's %s: exit %d %q %q; want exit 2 and a refusal", name, code, o, errs)
		}
		if b, _ := os.ReadFile(user); string(b) != "the user's own" {
			t.Errorf("the user's %s was overwritten: %q", name, b)
		}
	}
	out := filepath.Join(mine, "corpus.jsonl")
	for i := range 2 { // the second replaces the first: both are govwire's
		if code, o, errs := runCLI(t, "--config", cfg, "export", "--out", out); code != 0 {
			t.Fatalf("export %d into %s: exit %d %q %q", i+1, mine, code, o, errs)
		}
	}
}
