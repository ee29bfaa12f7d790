//go:build unix

package export

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/govwire/govwire"
)

// TestWriteCorpusFileModes: the data file, datasheet and manifest are
// 0644 less the umask, like digests and any file a command writes.
func TestWriteCorpusFileModes(t *testing.T) {
	db := fixture(t, 3)
	for _, c := range []struct {
		umask int
		want  os.FileMode
	}{{0o022, 0o644}, {0o077, 0o600}} {
		old := syscall.Umask(c.umask)
		dir := t.TempDir()
		_, err := WriteCorpus(context.Background(), &Exporter{Store: db}, filepath.Join(dir, "c.parquet"),
			govwire.ExportRequest{Format: "parquet"}, "test", t0)
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"c.parquet", "datasheet.md", "manifest.json"} {
			st, err := os.Stat(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if got := st.Mode().Perm(); got != c.want {
				t.Errorf("umask %03o: %s has mode %03o, want %03o", c.umask, name, got, c.want)
			}
		}
	}
}
