//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/govwire/govwire"
)

// lockInfoName is the file in a data dir that names the process holding
// its lock. It is informational only: the lock itself is an flock on the
// directory, so deleting this file (or any other) cannot bypass it.
const lockInfoName = "govwire.lock"

// dirLock is an exclusive OS-level lock on a data directory, held by every
// process that writes it (serve, demo, ingest, reindex, reclassify, digest
// --deliver). The kernel releases it when the process exits, however it
// exits, so a stale lock cannot outlive its holder.
type dirLock struct {
	dir *os.File
}

// lockHolder is what lockInfoName holds.
type lockHolder struct {
	PID     int       `json:"pid"`
	Command string    `json:"command"`
	Since   time.Time `json:"since"`
}

// lockDataDir takes dir's lock without waiting. When another process holds
// it, the error names that process and says what to do.
func lockDataDir(dir string) (*dirLock, error) {
	f, err := os.Open(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, govwire.Errorf(govwire.EINVALID, "data dir %s does not exist (check data_dir)", dir)
	}
	if err != nil {
		return nil, fmt.Errorf("lock data dir: %w", err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, govwire.Errorf(govwire.ECONFLICT, "data dir %s is in use by %s: stop that process first, "+
				"or give this command another data_dir", dir, describeHolder(dir))
		}
		return nil, fmt.Errorf("lock data dir %s: %w", dir, err)
	}
	h := lockHolder{PID: os.Getpid(), Command: commandLine(), Since: time.Now().UTC().Truncate(time.Second)}
	b, _ := json.Marshal(h)
	// Best effort: the lock holds even where the note cannot be written.
	_ = os.WriteFile(filepath.Join(dir, lockInfoName), append(b, '\n'), 0o644)
	return &dirLock{dir: f}, nil
}

// Unlock removes the holder note and releases the lock.
func (l *dirLock) Unlock() error {
	if l == nil || l.dir == nil {
		return nil
	}
	os.Remove(filepath.Join(l.dir.Name(), lockInfoName))
	err := l.dir.Close() // closing the descriptor releases the flock
	l.dir = nil
	return err
}

// describeHolder names the lock's holder from its note, as well as it can.
func describeHolder(dir string) string {
	b, err := os.ReadFile(filepath.Join(dir, lockInfoName))
	var h lockHolder
	if err != nil || json.Unmarshal(b, &h) != nil || h.PID == 0 {
		return "another govwire process"
	}
	return fmt.Sprintf("pid %d (%s, since %s)", h.PID, h.Command, h.Since.Format(time.RFC3339))
}

// commandLine is this process's command line, shortened for the note.
func commandLine() string {
	args := append([]string{filepath.Base(os.Args[0])}, os.Args[1:]...)
	s := strings.Join(args, " ")
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}
