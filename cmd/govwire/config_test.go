package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestConfigWarningsAndErrors checks that the CLI shows config warnings,
// that serve says when it has no sources, and that a bad config is exit 2
// with the file and line.
func TestConfigWarningsAndErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := write("bad.yaml", "data_dir: "+dir+"\nlisten: 8080\n")
	code, _, errs := runCLI(t, "search", "x", "--config", bad)
	if code != 2 || !strings.Contains(errs, "bad.yaml:2: listen: \"8080\" is not an address") {
		t.Errorf("bad listen: exit %d, %q", code, errs)
	}

	warn := write("warn.yaml", "data_dir: "+filepath.Join(dir, "data")+"\nsources:\n  - {name: a, url: 'https://x.org/f', scrape: false, selector: div}\n")
	_, _, errs = runCLI(t, "--config", warn, "search", "x")
	if !strings.Contains(errs, `config: `+warn+`:3: sources[0].selector: has no effect with scrape: false`) {
		t.Errorf("no warning for selector with scrape false: %q", errs)
	}

	empty := write("empty.yaml", "data_dir: "+filepath.Join(dir, "data2")+"\nlisten: 127.0.0.1:0\n")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	code = run(ctx, []string{"serve", "--config", empty}, strings.NewReader(""), &out, &errb)
	if code != 0 || !strings.Contains(errb.String(), "no sources configured") {
		t.Errorf("serve with no sources: exit %d, stderr %q", code, errb.String())
	}
}
