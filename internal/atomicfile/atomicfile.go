// Package atomicfile writes files the way a crash cannot tear: into a
// temporary file beside the target, synced, then renamed over it. Files get
// mode 0644 less the process umask, like any file a command writes
// (os.CreateTemp alone would give 0600).
package atomicfile

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// CreateTemp creates a new hidden file beside path (".NAME.RANDOM") for
// writing, with mode 0644 less the umask. The caller renames it over path
// when done, or removes it.
func CreateTemp(path string) (*os.File, error) {
	for range 10 {
		var b [6]byte
		_, _ = rand.Read(b[:])
		name := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+"."+hex.EncodeToString(b[:]))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("create %s: %w", path, err)
		}
		return f, nil
	}
	return nil, fmt.Errorf("create %s: no free temporary name", path)
}

// WriteFile replaces path with data atomically: a reader sees the old file
// or the new one, never half of it, and a failure leaves no temporary file
// behind. The new file has mode 0644 less the umask.
func WriteFile(path string, data []byte) (err error) {
	tmp, err := CreateTemp(path)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("rename into %s: %w", path, err)
	}
	SyncDir(filepath.Dir(path))
	return nil
}

// SyncDir makes a rename in dir durable, as far as the filesystem allows;
// it is best effort (some filesystems refuse to sync a directory).
func SyncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
