package digest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/internal/atomicfile"
)

// FileName is the name a file delivery gives digest name's issue for date
// in format: NAME-DATE.EXT, with unsafe characters of the name replaced.
func FileName(name, date, format string) string {
	return safeName(name) + "-" + date + "." + Extension(format)
}

// sendFile writes d into f.Dir atomically: a temporary file in the same
// directory, synced, then renamed over the final name, so a reader or a
// crash never sees half a digest.
func (s *Service) sendFile(f *govwire.FileDelivery, d *govwire.Digest) error {
	var b bytes.Buffer
	if err := s.Render(&b, d, f.Format); err != nil {
		return err
	}
	if err := os.MkdirAll(f.Dir, 0o755); err != nil {
		return fmt.Errorf("write digest file: %w", err)
	}
	final := filepath.Join(f.Dir, FileName(d.Name, d.Date, f.Format))
	if err := atomicfile.WriteFile(final, b.Bytes()); err != nil {
		return fmt.Errorf("write digest file %s: %w", final, err)
	}
	return nil
}
