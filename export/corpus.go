package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/govwire/govwire"
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
// manifest.json. The data file appears whole or not at all (written to a
// temporary file, then renamed). command is the command line, recorded for
// reproducibility.
func WriteCorpus(ctx context.Context, x *Exporter, path string, req govwire.ExportRequest, command string, now time.Time) (Summary, error) {
	req, err := Normalize(req)
	if err != nil {
		return Summary{}, err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Summary{}, fmt.Errorf("create %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return Summary{}, fmt.Errorf("create %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	h := sha256.New()
	sum, err := x.Run(ctx, io.MultiWriter(tmp, h), req)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return sum, fmt.Errorf("write %s: %w", path, err)
	}
	m := Manifest{
		Created: now.UTC(), Command: command, Format: req.Format, NoText: req.NoText,
		Filter: ManifestFilter{
			Labels: req.Filter.Labels, Sources: req.Filter.Sources, Since: req.Filter.Since, Until: req.Filter.Until,
			Query: req.Query, OnTopicOnly: req.Filter.OnTopicOnly, OnePerCluster: req.Filter.OnePerCluster,
		},
		Split: ManifestSplit{Seed: req.Seed, Train: req.TrainRatio, Dev: req.DevRatio,
			Test: 1 - req.TrainRatio - req.DevRatio, By: "sha256(seed, cluster_id)"},
		Summary: sum,
		Files:   []ManifestFile{{Name: filepath.Base(path), Bytes: sum.Bytes, SHA256: hex.EncodeToString(h.Sum(nil))}},
		Columns: Columns,
	}
	if err := writeFileAtomic(filepath.Join(dir, "datasheet.md"), func(w io.Writer) error { return writeDatasheet(w, m) }); err != nil {
		return sum, err
	}
	err = writeFileAtomic(filepath.Join(dir, "manifest.json"), func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(m)
	})
	return sum, err
}

func writeFileAtomic(path string, fill func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	err = fill(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
