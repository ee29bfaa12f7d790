package digest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/govwire/govwire"
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
	if err := writeAtomic(final, b.Bytes()); err != nil {
		return fmt.Errorf("write digest file %s: %w", final, err)
	}
	return nil
}

func writeAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if dir, derr := os.Open(filepath.Dir(path)); derr == nil {
		dir.Sync() // best effort: make the rename durable
		dir.Close()
	}
	return nil
}
