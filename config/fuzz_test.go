package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govwire/govwire"
)

// FuzzParse loads arbitrary bytes as a config: it must never panic or
// hang, every failure must be an EINVALID error that names the file, and a
// config that loads must load again to the same values.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("listen: 8080\nfetch: {timeout: 30, per_host_interval: 0}\n"))
	f.Add([]byte("sources:\n  - {name: a, url: 'https://x.org/f', schedule: '@every 0s'}\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte("api:\n  admin_token: \"tok$HOME-x${GOVWIRE_FUZZ_UNSET}\"\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Parse("fuzz.yaml", b)
		if err != nil {
			if govwire.ErrorCode(err) != govwire.EINVALID {
				t.Fatalf("error code %s: %v", govwire.ErrorCode(err), err)
			}
			if msg := govwire.ErrorMessage(err); !strings.HasPrefix(msg, "fuzz.yaml") {
				t.Fatalf("error does not name the file: %q", msg)
			}
			return
		}
		if c.DataDir == "" || c.Listen == "" || len(c.Digests) == 0 {
			t.Fatalf("loaded without defaults: %+v", c)
		}
		if _, err := Parse("fuzz.yaml", b); err != nil {
			t.Fatalf("second load failed: %v", err)
		}
	})
}
