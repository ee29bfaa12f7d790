package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/govwire/govwire"
)

// demoMarker marks a folder that govwire demo made, so a later demo may use
// it again. demo never writes into a folder that is neither empty nor marked.
const demoMarker = ".govwire-demo"

// demoDataDir picks the demo's data folder: a fresh temporary one when
// flag is empty (temporary is then true: the demo removes it when it
// exits); else flag itself if it does not exist yet (it is made), is empty,
// or was made by an earlier demo. Anything else is refused: demo never
// removes or overwrites what it did not create.
func demoDataDir(flag string) (dir string, temporary bool, err error) {
	if flag == "" {
		dir, err := os.MkdirTemp("", "govwire-demo-")
		if err != nil {
			return "", false, fmt.Errorf("make demo data dir: %w", err)
		}
		if err := markDemoDir(dir); err != nil {
			_ = os.RemoveAll(dir)
			return "", false, err
		}
		return dir, true, nil
	}
	dir, err = demoUserDir(flag)
	return dir, false, err
}

// demoUserDir checks a --data-dir folder named by the user.
func demoUserDir(flag string) (string, error) {
	fi, err := os.Stat(flag)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if err := os.MkdirAll(flag, 0o755); err != nil {
			return "", fmt.Errorf("make demo data dir: %w", err)
		}
		return flag, markDemoDir(flag)
	case err != nil:
		return "", fmt.Errorf("demo data dir: %w", err)
	case !fi.IsDir():
		return "", govwire.Errorf(govwire.EINVALID, "--data-dir %s is not a folder", flag)
	}
	if _, err := os.Stat(filepath.Join(flag, demoMarker)); err == nil {
		return flag, nil // an earlier demo's folder: used again as it is
	}
	empty, err := isEmptyDir(flag)
	if err != nil {
		return "", fmt.Errorf("demo data dir: %w", err)
	}
	if !empty {
		return "", govwire.Errorf(govwire.EINVALID, "--data-dir %s is not empty and was not made by govwire demo: "+
			"demo never writes into such a folder; name a new or empty one, or leave --data-dir out for a fresh temporary one", flag)
	}
	return flag, markDemoDir(flag)
}

// markDemoDir writes the demo marker into dir.
func markDemoDir(dir string) error {
	err := os.WriteFile(filepath.Join(dir, demoMarker), []byte("made by govwire demo; a later demo may reuse this folder\n"), 0o644)
	if err != nil {
		return fmt.Errorf("mark demo data dir: %w", err)
	}
	return nil
}

// isEmptyDir reports whether dir has no entries.
func isEmptyDir(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	if errors.Is(err, io.EOF) {
		return true, nil
	}
	return false, err
}
