package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs govwire in-process and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageAndExitCodes(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"help"}, 0, "Commands:"},
		{[]string{}, 2, "Commands:"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"--config", "/nonexistent/govwire.yaml", "ingest"}, 2, "no such file"},
		{[]string{"export", "--format", "xml", "--out", "/tmp/x"}, 2, "xml"},
		{[]string{"ingest", "extra"}, 2, "unexpected argument"},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, out, errs := runCLI(t, tc.args...)
			if code != tc.code || !strings.Contains(out+errs, tc.want) {
				t.Errorf("exit %d, output %q %q; want exit %d and %q", code, out, errs, tc.code, tc.want)
			}
		})
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runCLI(t, c.name, "--help")
			if code != 0 || !strings.Contains(out+errs, "Usage: govwire "+c.name) {
				t.Errorf("exit %d, output %q %q", code, out, errs)
			}
		})
	}
}

// TestDemoEndToEnd runs the demo once, then the other commands over the
// data it left, as a user would.
func TestDemoEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end demo in -short mode")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	code, out, errs := runCLI(t, "demo", "--once", "--listen", "127.0.0.1:0", "--data-dir", data)
	if code != 0 {
		t.Fatalf("demo --once: exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{"sources 5", "failed 2", "today's digest:"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	cfg := filepath.Join(dir, "govwire.yaml")
	if err := os.WriteFile(cfg, []byte("data_dir: "+data+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runCLI(t, "--config", cfg, "search", "--json", "JWCC")
	if code != 0 {
		t.Fatalf("search: exit %d %s %s", code, out, errs)
	}
	var res struct {
		Total int `json:"total"`
		Hits  []struct {
			Title  string   `json:"title"`
			Labels []string `json:"labels"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Total == 0 {
		t.Fatalf("search --json JWCC: %v, total %d: %s", err, res.Total, out)
	}
	code, out, errs = runCLI(t, "--config", cfg, "digest", "--format", "json")
	if code != 0 || !strings.Contains(out, `"sections"`) {
		t.Fatalf("digest: exit %d %s %s", code, out, errs)
	}
	// The sample's one syndicated story (a lightly edited rewrite on two
	// outlets) is one entry with the other outlet under "also"; no other
	// stories merge.
	var dg struct {
		Sections []struct {
			Items []struct {
				Title string            `json:"title"`
				Also  []json.RawMessage `json:"also"`
			} `json:"items"`
		} `json:"sections"`
	}
	if err := json.Unmarshal([]byte(out), &dg); err != nil {
		t.Fatal(err)
	}
	var merged []string
	for _, s := range dg.Sections {
		for _, it := range s.Items {
			if len(it.Also) > 0 {
				merged = append(merged, it.Title)
			}
		}
	}
	if len(merged) != 1 || !strings.Contains(merged[0], "Coast Guard") {
		t.Errorf("digest entries with copies: %q, want only the Coast Guard story", merged)
	}
	corpus := filepath.Join(dir, "corpus", "c.csv")
	code, out, errs = runCLI(t, "--config", cfg, "export", "--format", "csv", "--out", corpus)
	if code != 0 {
		t.Fatalf("export: exit %d %s %s", code, out, errs)
	}
	for _, f := range []string{corpus, filepath.Join(dir, "corpus", "datasheet.md"), filepath.Join(dir, "corpus", "manifest.json")} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("export did not write %s", f)
		}
	}
	code, out, errs = runCLI(t, "--config", cfg, "reclassify")
	if code != 0 || !strings.Contains(out, "0 changed") {
		t.Errorf("reclassify with unchanged rules: exit %d %q %q", code, out, errs)
	}
}
