package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportJSONLCommand: the command stores the lines, prints one JSON
// summary line with the contract's keys, and a second run stores nothing
// new; a missing file is bad input (exit 2) and creates nothing.
func TestImportJSONLCommand(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "govwire.yaml")
	data := filepath.Join(dir, "data")
	if err := os.WriteFile(cfg, []byte("data_dir: "+data+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in.jsonl")
	lines := `{"url": "https://wire.example.net/a", "title": "Pentagon awards JWCC cloud contract", "text": "The Department of Defense awarded the Joint Warfighting Cloud Capability contract to four vendors on Tuesday.", "published": "2022-12-07"}
{"url": "https://wire.example.net/b", "title": "broken", "published": "soon"}
`
	if err := os.WriteFile(in, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI(t, "import", "jsonl", in, "--json", "--config", cfg)
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	var sum map[string]any
	if err := json.Unmarshal([]byte(out), &sum); err != nil || strings.Count(out, "\n") != 1 {
		t.Fatalf("not one JSON line: %q (%v)", out, err)
	}
	for _, k := range []string{"discovered", "fetched", "new", "updated", "unchanged", "skipped", "failed", "errors"} {
		if _, ok := sum[k]; !ok {
			t.Errorf("summary lacks %q: %s", k, out)
		}
	}
	if sum["new"] != 1.0 || sum["failed"] != 1.0 || !strings.Contains(out, `"line":2`) {
		t.Errorf("summary %s: want 1 new and line 2 failed", out)
	}
	code, out, _ = runCLI(t, "import", "jsonl", in, "--json", "--config", cfg)
	if code != 0 || !strings.Contains(out, `"new":0`) || !strings.Contains(out, `"already stored":1`) {
		t.Errorf("second run: exit %d %s; want nothing new", code, out)
	}
	code, out, errs = runCLI(t, "search", "--json", "JWCC", "--config", cfg)
	if code != 0 || !strings.Contains(out, "wire.example.net/a") {
		t.Errorf("search after import: exit %d %s %s", code, out, errs)
	}
	code, _, errs = runCLI(t, "import", "warc", filepath.Join(dir, "missing.warc.gz"), "--config", cfg)
	if code != 2 || !strings.Contains(errs, "missing.warc.gz") {
		t.Errorf("missing file: exit %d %q, want 2 naming the file", code, errs)
	}
	code, _, errs = runCLI(t, "import", "warc", in, "--digests", "sometimes", "--config", cfg)
	if code != 2 || !strings.Contains(errs, "--digests") {
		t.Errorf("bad --digests: exit %d %q, want 2 naming the flag", code, errs)
	}
}
