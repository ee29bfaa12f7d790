package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// runCLI runs govwire in-process and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageAndExitCodes(t *testing.T) {
	// Run in an empty folder: no command may create a data dir (or
	// anything else) for a usage error.
	cwd := t.TempDir()
	t.Chdir(cwd)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"help"}, 0, "Available Commands:"},
		{[]string{}, 0, "Available Commands:"},
		{[]string{"help", "search"}, 0, "--label"},
		{[]string{"help", "rules", "lint"}, 0, "--gold"},
		{[]string{"help", "frobnicate"}, 2, `unknown help topic "frobnicate"`},
		{[]string{"--config", "/nonexistent/govwire.yaml", "help", "ingest"}, 0, "--source"},
		{[]string{"completion", "fish", "--config", "/nonexistent/govwire.yaml"}, 0, "complete -c govwire"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"--config", "/nonexistent/govwire.yaml", "ingest"}, 2, "no such file"},
		{[]string{"ingest", "--config", "/nonexistent/govwire.yaml"}, 2, "no such file"},
		{[]string{"search", "--config=/nonexistent/govwire.yaml", "protest", "--label", "award"}, 2, "no such file"},
		{[]string{"export", "--format", "xml", "--out", filepath.Join(cwd, "x")}, 2, "xml"},
		{[]string{"export", "--format", "jsonl"}, 2, `required flag(s) "out" not set`},
		{[]string{"export", "--label", "protests", "--out", filepath.Join(cwd, "x")}, 2, "protests"},
		{[]string{"ingest", "extra"}, 2, "unexpected argument"},
		{[]string{"serve", "--listen", "8080"}, 2, `--listen: "8080" is not an address`},
		{[]string{"digest", "--format", "pdf"}, 2, `--format "pdf"`},
		{[]string{"search", "--since", "last week", "x"}, 2, "--since"},
		{[]string{"search", "--frob", "x"}, 2, "unknown flag: --frob"},
		{[]string{"search", "cloud", "-oracle"}, 2, "govwire search -- cloud -oracle"},
		{[]string{"search", "--size", "many", "x"}, 2, "invalid argument"},
		{[]string{"--log-level", "loud", "ingest"}, 2, "--log-level"},
		{[]string{"eval"}, 2, "eval needs --gold FILE or --reviews"},
		{[]string{"eval", "--gold", "x.jsonl", "--reviews"}, 2, "do not go together"},
		{[]string{"rules", "frob"}, 2, `unknown command "frob"`},
		{[]string{"rules", "test", "extra"}, 2, "unexpected argument"},
		{[]string{"extract"}, 2, "want one FILE"},
		{[]string{"extract", filepath.Join(cwd, "missing.html")}, 2, "no such file"},
		{[]string{"version", "--config", "/nonexistent/govwire.yaml"}, 0, "govwire "},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, out, errs := runCLI(t, tc.args...)
			if code != tc.code || !strings.Contains(out+errs, tc.want) {
				t.Errorf("exit %d, output %q %q; want exit %d and %q", code, out, errs, tc.code, tc.want)
			}
			if tc.code == 0 && errs != "" {
				t.Errorf("stderr on success: %q", errs)
			}
		})
	}
	if left, _ := os.ReadDir(cwd); len(left) > 0 {
		t.Errorf("usage errors left files behind: %v", left)
	}
}

// TestEveryCommandHasHelp checks that COMMAND --help, for every command and
// subcommand, prints its usage and every one of its flags to stdout.
func TestEveryCommandHasHelp(t *testing.T) {
	var walk func(c *cobra.Command)
	n := 0
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Hidden {
				continue
			}
			walk(sub)
		}
		if c.HasParent() && c.Runnable() {
			n++
			path := strings.Fields(c.CommandPath())[1:]
			t.Run(strings.Join(path, " "), func(t *testing.T) {
				code, out, errs := runCLI(t, append(path, "--help")...)
				if code != 0 || errs != "" || !strings.Contains(out, "Usage:\n  "+c.CommandPath()) {
					t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
				}
				for _, name := range append(flagNames(c.LocalFlags()), "config", "log-level") {
					if !strings.Contains(out, "--"+name) {
						t.Errorf("help lacks --%s:\n%s", name, out)
					}
				}
			})
		}
	}
	walk(newRootCmd(&env{}))
	if n < 14 {
		t.Errorf("walked %d commands, want at least the 14 of the README and version", n)
	}
}

func flagNames(fs *pflag.FlagSet) (names []string) {
	fs.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	return names
}

func TestVersion(t *testing.T) {
	code, out, errs := runCLI(t, "version")
	if code != 0 || !strings.HasPrefix(out, "govwire ") || !strings.Contains(out, runtime.Version()) {
		t.Fatalf("version: exit %d %q %q", code, out, errs)
	}
	bi := &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, GoVersion: "go1.26.8", Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123abcd"}, {Key: "vcs.time", Value: "2026-12-01T10:00:00Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	tests := []struct {
		name          string
		bi            *debug.BuildInfo
		ldVer, ldComm string
		want          string
	}{
		{"from build info", bi, "", "", "govwire v1.4.0 (commit 0123abcd, 2026-12-01T10:00:00Z, modified) go1.26.8 "},
		{"ldflags win", bi, "v9.9.9", "feedbeef", "govwire v9.9.9 (commit feedbeef, 2026-12-01T10:00:00Z, modified) go1.26.8 "},
		{"no build info", nil, "", "", "govwire (devel) " + runtime.Version() + " "},
		{"no vcs, ldflags", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "v1.0.0", "c0ffee", "govwire v1.0.0 (commit c0ffee) "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := buildVersion(tt.bi, tt.bi != nil, tt.ldVer, tt.ldComm).String()
			if !strings.HasPrefix(got, tt.want) {
				t.Errorf("got %q, want prefix %q", got, tt.want)
			}
		})
	}
	version, commit = "v7.0.0", "abc123"
	defer func() { version, commit = "", "" }()
	code, out, _ = runCLI(t, "version", "--json")
	var v versionInfo
	if err := json.Unmarshal([]byte(out), &v); code != 0 || err != nil || v.Version != "v7.0.0" || v.Commit != "abc123" {
		t.Errorf("version --json with -X values: exit %d, %v, %+v", code, err, v)
	}
}

// articleLinks lists the article ids a printed digest links to.
func articleLinks(out string) []string {
	var ids []string
	for _, m := range regexp.MustCompile(`#/article/([0-9a-f]+)`).FindAllStringSubmatch(out, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

func TestCompletion(t *testing.T) {
	for shell, want := range map[string]string{"bash": "__start_govwire", "zsh": "#compdef govwire", "fish": "complete -c govwire", "powershell": "Register-ArgumentCompleter"} {
		code, out, errs := runCLI(t, "completion", shell)
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("completion %s: exit %d, %d bytes, stderr %q", shell, code, len(out), errs)
		}
	}
	// Flag values complete from fixed lists and from the config.
	dir := t.TempDir()
	cfg := filepath.Join(dir, "govwire.yaml")
	if err := os.WriteFile(cfg, []byte("data_dir: "+dir+"\nsources:\n  - {name: ledger, url: https://example.org/f}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "search", "--label", ""}, "protest"},
		{[]string{"__complete", "digest", "--format", ""}, "json"},
		{[]string{"__complete", "--config", cfg, "ingest", "--source", ""}, "ledger"},
		{[]string{"__complete", "sea"}, "search"},
		{[]string{"__complete", "help", "rules", ""}, "lint"},
	} {
		if code, out, _ := runCLI(t, tc.args...); code != 0 || !strings.Contains(out, tc.want) {
			t.Errorf("%v: exit %d, %q lacks %q", tc.args, code, out, tc.want)
		}
	}
}

// TestOldSingleDashFlags checks that the Go-style -flag spellings the
// first version took still work, and that a query word starting with a dash
// that is no flag name is refused with a hint rather than taken silently.
func TestLongFlagsCompat(t *testing.T) {
	root := newRootCmd(&env{})
	tests := []struct{ in, want []string }{
		{[]string{"-config", "x.yaml", "search", "-json", "q"}, []string{"--config", "x.yaml", "search", "--json", "q"}},
		{[]string{"search", "-label=award", "--since", "-json", "q"}, []string{"search", "--label=award", "--since", "-json", "q"}},
		{[]string{"search", "-h", "--", "-json"}, []string{"search", "-h", "--", "-json"}},
		{[]string{"search", "cloud", "-oracle"}, []string{"search", "cloud", "-oracle"}},
		{[]string{"reindex", "-help"}, []string{"reindex", "--help"}},
	}
	for _, tt := range tests {
		if got := longFlagsCompat(root, tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("longFlagsCompat(%q) = %q, want %q", tt.in, got, tt.want)
		}
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
	// A second run (another random port for the sample outlets) gives the
	// articles the same ids: links into an earlier digest keep working.
	code, out2, errs := runCLI(t, "demo", "--once", "--listen", "127.0.0.1:0", "--data-dir", filepath.Join(dir, "data2"))
	if ids, ids2 := articleLinks(out), articleLinks(out2); code != 0 || len(ids) == 0 || !slices.Equal(ids, ids2) {
		t.Errorf("article ids differ between demo runs (exit %d, %s):\n%v\n%v", code, errs, ids, ids2)
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
	// The demo replays the sample's past days, so the digests of the days
	// the Atom feed shows (yesterday and the 13 before) hold stories, not
	// "nothing new". The sample's one syndicated story (a lightly edited
	// rewrite on two outlets) is one entry with the other outlet under
	// "also"; no other stories merge.
	var merged []string
	daysWithStories := 0
	for i := range 15 {
		date := time.Now().UTC().AddDate(0, 0, -i).Format(time.DateOnly)
		code, out, errs = runCLI(t, "--config", cfg, "digest", "--format", "json", "--date", date)
		if code != 0 || !strings.Contains(out, `"sections"`) {
			t.Fatalf("digest --date %s: exit %d %s %s", date, code, out, errs)
		}
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
		n := 0
		for _, s := range dg.Sections {
			for _, it := range s.Items {
				n++
				if len(it.Also) > 0 {
					merged = append(merged, it.Title)
				}
			}
		}
		if i > 0 && n > 0 {
			daysWithStories++
		}
	}
	if daysWithStories < 7 {
		t.Errorf("%d of the 14 past days' digests have stories; the demo's history was not replayed", daysWithStories)
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
