//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package main

// dirLock is a no-op where flock is not available; Bleve's own file lock
// still keeps a second process off the index.
type dirLock struct{}

// lockDataDir takes no lock on this platform.
func lockDataDir(dir string) (*dirLock, error) { return &dirLock{}, nil }

// Unlock does nothing on this platform.
func (l *dirLock) Unlock() error { return nil }
