package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/internal/atomicfile"
)

// Manifest describes one export: what it holds and how it was made.
type Manifest struct {
	Created time.Time      `json:"created"`
	Command string         `json:"command"`
	Format  string         `json:"format"`
	Filter  ManifestFilter `json:"filter"`
	Split   ManifestSplit  `json:"split"`
	NoText  bool           `json:"no_text"`
	Summary Summary        `json:"summary"`
	Files   []ManifestFile `json:"files"`
	Columns []string       `json:"columns"`
}

// ManifestFilter records the selection.
type ManifestFilter struct {
	Labels        []string  `json:"labels,omitempty"`
	Sources       []string  `json:"sources,omitempty"`
	Since         time.Time `json:"since,omitzero"`
	Until         time.Time `json:"until,omitzero"`
	Query         string    `json:"query,omitempty"`
	OnTopicOnly   bool      `json:"on_topic_only"`
	OnePerCluster bool      `json:"one_per_cluster"`
	ReviewedOnly  bool      `json:"reviewed_only,omitempty"`
}

// ManifestSplit records how splits were assigned.
type ManifestSplit struct {
	Seed  string  `json:"seed"`
	Train float64 `json:"train"`
	Dev   float64 `json:"dev"`
	Test  float64 `json:"test"`
	By    string  `json:"by"`
}

// ManifestFile is one written file with its checksum.
type ManifestFile struct {
	Name   string `json:"name"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// WriteCorpus writes the export to path and, beside it, datasheet.md and
// manifest.json, each file mode 0644 less the umask. The three appear
// together or not at all: each is written to a temporary file first and
// the three are renamed into place once all are whole. On failure nothing
// it created is left, not even the directories it made for path. command
// is the command line, recorded for reproducibility. path must name a file;
// ResolveOut turns a directory into one.
func WriteCorpus(ctx context.Context, x *Exporter, path string, req govwire.ExportRequest, command string, now time.Time) (Summary, error) {
	req, err := Normalize(req)
	if err != nil {
		return Summary{}, err
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return Summary{}, govwire.Errorf(govwire.EINVALID, "--out %s is a directory: name a file in it", path)
	}
	var dirs dirMaker
	if err := dirs.mkdirAll(filepath.Dir(path)); err != nil {
		return Summary{}, err
	}
	sum, err := writeCorpus(ctx, x, path, req, command, now)
	if err != nil {
		dirs.undo()
	}
	return sum, err
}

// writeCorpus writes the three files into path's existing directory.
func writeCorpus(ctx context.Context, x *Exporter, path string, req govwire.ExportRequest, command string, now time.Time) (Summary, error) {
	dir := filepath.Dir(path)
	data, err := atomicfile.CreateTemp(path)
	if err != nil {
		return Summary{}, err
	}
	defer os.Remove(data.Name()) // no-op after the rename
	h := sha256.New()
	sum, err := x.Run(ctx, io.MultiWriter(data, h), req)
	if err == nil {
		err = data.Sync()
	}
	if cerr := data.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return sum, fmt.Errorf("write %s: %w", path, err)
	}
	m := Manifest{
		Created: now.UTC(), Command: command, Format: req.Format, NoText: req.NoText,
		Filter: ManifestFilter{
			Labels: req.Filter.Labels, Sources: req.Filter.Sources, Since: req.Filter.Since, Until: req.Filter.Until,
			Query: req.Query, OnTopicOnly: req.Filter.OnTopicOnly, OnePerCluster: req.Filter.OnePerCluster,
			ReviewedOnly: req.Filter.ReviewedOnly,
		},
		Split: ManifestSplit{Seed: req.Seed, Train: fraction(req.TrainRatio), Dev: fraction(req.DevRatio),
			Test: fraction(1 - req.TrainRatio - req.DevRatio), By: "sha256(seed, cluster_id)"},
		Summary: sum,
		Files:   []ManifestFile{{Name: filepath.Base(path), Bytes: sum.Bytes, SHA256: hex.EncodeToString(h.Sum(nil))}},
		Columns: Columns,
	}
	sheet, err := writeTemp(filepath.Join(dir, "datasheet.md"), func(w io.Writer) error { return writeDatasheet(w, m) })
	if err != nil {
		return sum, err
	}
	defer os.Remove(sheet)
	manifest, err := writeTemp(filepath.Join(dir, "manifest.json"), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	})
	if err != nil {
		return sum, err
	}
	defer os.Remove(manifest)
	for _, mv := range [][2]string{{data.Name(), path}, {sheet, filepath.Join(dir, "datasheet.md")},
		{manifest, filepath.Join(dir, "manifest.json")}} {
		if err := os.Rename(mv[0], mv[1]); err != nil {
			return sum, fmt.Errorf("write %s: %w", mv[1], err)
		}
	}
	if d, err := os.Open(dir); err == nil { // best effort: make the renames durable
		_ = d.Sync()
		_ = d.Close()
	}
	return sum, nil
}

// fraction rounds a split ratio to nine decimals, so 1 - 0.8 - 0.1 is
// written 0.1 and not 0.09999999999999995.
func fraction(x float64) float64 { return math.Round(x*1e9) / 1e9 }

// writeTemp fills a new temporary file beside path and returns its name;
// the caller renames it into place or removes it.
func writeTemp(path string, fill func(io.Writer) error) (string, error) {
	tmp, err := atomicfile.CreateTemp(path)
	if err != nil {
		return "", err
	}
	err = fill(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return tmp.Name(), nil
}
