package export

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/govwire/govwire"
)

// Extensions maps a data file's extension to its format.
var Extensions = map[string]string{
	".jsonl": "jsonl", ".ndjson": "jsonl",
	".csv":     "csv",
	".parquet": "parquet", ".pq": "parquet",
}

// DefaultName is the data file's name, before its extension, when --out
// names a directory.
const DefaultName = "corpus"

// ResolveOut decides the data file and the format of an export from --out
// and --format (format "" when the flag was not given), as cp and tar do
// with a destination:
//   - out naming an existing directory, or ending in a path separator,
//     means <out>/corpus.<ext>, the directory created if need be;
//   - a file's extension (.jsonl/.ndjson, .csv, .parquet/.pq) gives the
//     format when format is "", and must agree with it when it is not;
//   - a file without a known extension takes format, jsonl by default.
//
// A mismatch is an EINVALID error naming both.
func ResolveOut(out, format string) (path, resolved string, err error) {
	if out == "" {
		return "", "", govwire.Errorf(govwire.EINVALID, "--out is required")
	}
	if format != "" {
		if _, err := Normalize(govwire.ExportRequest{Format: format}); err != nil {
			return "", "", err
		}
	}
	isDir := strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(filepath.Separator))
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		isDir = true
	}
	if isDir {
		if format == "" {
			format = "jsonl"
		}
		return filepath.Join(out, DefaultName+"."+format), format, nil
	}
	ext := strings.ToLower(filepath.Ext(out))
	byExt, known := Extensions[ext]
	switch {
	case known && format == "":
		format = byExt
	case known && byExt != format:
		return "", "", govwire.Errorf(govwire.EINVALID,
			"--out %s has the extension of %s, but --format is %s: name the file %s or leave --format out",
			out, byExt, format, strings.TrimSuffix(out, filepath.Ext(out))+"."+format)
	case format == "":
		format = "jsonl"
	}
	return out, format, nil
}

// dirMaker creates directories and remembers the ones it created, so a
// failed export can remove them and leave nothing behind.
type dirMaker struct{ created []string }

// mkdirAll is os.MkdirAll recording each directory it creates.
func (d *dirMaker) mkdirAll(dir string) error {
	dir = filepath.Clean(dir)
	var missing []string
	for p := dir; ; p = filepath.Dir(p) {
		if _, err := os.Stat(p); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("create %s: %w", dir, err)
		}
		missing = append(missing, p)
		if filepath.Dir(p) == p {
			break
		}
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("create %s: %w", missing[i], err)
		}
		d.created = append(d.created, missing[i])
	}
	return nil
}

// undo removes the directories mkdirAll created, deepest first, as long as
// they are empty.
func (d *dirMaker) undo() {
	for i := len(d.created) - 1; i >= 0; i-- {
		_ = os.Remove(d.created[i])
	}
	d.created = nil
}
