package index

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/govwire/govwire"
)

// rename is os.Rename; tests replace it to make a swap fail half way.
var rename = os.Rename

// ourMarker is the file a rebuild writes into the directory it creates, so
// that only directories a rebuild made are ever removed as leftovers.
const ourMarker = "govwire-rebuild"

// markOurs records in dir that a rebuild created it, and locks the marker
// (flock) until the returned file is closed, so that no other process takes
// the directory for a leftover while the rebuild builds and swaps it.
func markOurs(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, ourMarker), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, fmt.Errorf("mark rebuild dir: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock rebuild dir: %w", err)
	}
	fmt.Fprintf(f, "created by govwire's index rebuild (pid %d, %s)\n", os.Getpid(), time.Now().UTC().Format(time.RFC3339))
	return f, nil
}

// ours reports whether dir was made by a rebuild: it holds the marker, or
// it is a Bleve index (a rebuild of an earlier version, before the marker).
func ours(dir string) bool {
	for _, f := range []string{ourMarker, "index_meta.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			return true
		}
	}
	return false
}

// removeOurs removes dir when a rebuild made it, and refuses to touch it
// otherwise. A missing dir is fine.
func removeOurs(dir string) error {
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if !ours(dir) {
		return govwire.Errorf(govwire.EINVALID, "%s is in the way of the rebuild and was not made by it: move it away", dir)
	}
	if locked(dir) {
		return govwire.Errorf(govwire.EUNAVAILABLE, "%s is being built by another rebuild (is govwire reindex or serve running?)", dir)
	}
	return removeAll(dir)
}

// locked reports whether a process (this one included) is using dir: a
// rebuild holds a flock on its marker until it has swapped the directory
// in, and Bleve holds one on the root file of an open index.
func locked(dir string) bool {
	for _, name := range []string{ourMarker, filepath.Join("store", "root.bolt")} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		}
		f.Close()
		if err != nil {
			return true
		}
	}
	return false
}

// cleanStale deals with what a killed rebuild left next to path: when path
// is missing but path+".old" is there (killed between the two renames of a
// swap), the old index is moved back; a leftover path+".old" beside a live
// index and a half-built path+".new" are removed, but only when a rebuild
// made them and no process has them open.
func cleanStale(path string, log *slog.Logger) error {
	oldPath, newPath := path+".old", path+".new"
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if _, err := os.Stat(oldPath); err == nil {
			if err := rename(oldPath, path); err != nil {
				return fmt.Errorf("restore index from %s: %w", oldPath, err)
			}
			log.Warn("restored the index a killed rebuild had moved aside", "path", path, "from", oldPath)
		}
	}
	for _, dir := range []string{oldPath, newPath} {
		if _, err := os.Lstat(dir); err != nil || !ours(dir) || locked(dir) {
			continue
		}
		if err := removeAll(dir); err != nil {
			return err
		}
		log.Info("removed what a killed rebuild left behind", "path", dir)
	}
	return nil
}

// openExisting opens the index at path and fails when there is none,
// where openBleve would create an empty one.
func openExisting(path string, o Options) (bleve.Index, error) {
	if _, err := os.Stat(filepath.Join(path, "index_meta.json")); err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	return openBleve(path, o)
}

// InUse reports whether a process (this one included) has the on-disk
// index at path open, so that opening it would wait for that process and
// fail: commands then ask the running server instead.
func InUse(path string) bool { return locked(path) }
