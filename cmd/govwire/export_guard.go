package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/export"
)

// checkExportTarget refuses an export that would overwrite files govwire
// did not write: path itself, or the datasheet.md and manifest.json that
// go beside it. Overwriting is allowed only over an earlier govwire
// export, known by its manifest.json.
func checkExportTarget(path string) error {
	dir := filepath.Dir(path)
	var existing []string
	for _, p := range []string{path, filepath.Join(dir, "datasheet.md"), filepath.Join(dir, "manifest.json")} {
		if _, err := os.Lstat(p); err == nil {
			existing = append(existing, p)
		} else if !errors.Is(err, os.ErrNotExist) {
			return govwire.Errorf(govwire.EINVALID, "--out: cannot check %s: %v", p, err)
		}
	}
	if len(existing) == 0 || isGovwireManifest(filepath.Join(dir, "manifest.json")) {
		return nil
	}
	return govwire.Errorf(govwire.EINVALID, "--out %s: would overwrite %s, which govwire export did not write "+
		"(no govwire manifest.json beside it); move it away or choose another --out", path, strings.Join(existing, ", "))
}

// isGovwireManifest reports whether path is a manifest an export wrote.
func isGovwireManifest(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	var m export.Manifest
	return json.Unmarshal(b, &m) == nil && strings.HasPrefix(m.Command, "govwire") && len(m.Files) > 0
}
