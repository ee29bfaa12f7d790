// Package export streams labelled corpora out of the store for researchers:
// JSON Lines, CSV and Parquet, one row per article with its provenance,
// labels, evidence spans, entities, near-duplicate cluster and a
// deterministic train/dev/test split, plus a datasheet and a manifest.
package export

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/govwire/govwire"
)

// Formats lists the supported formats.
var Formats = []string{"jsonl", "csv", "parquet"}

// Exporter reads articles from the store page by page and writes them as
// they come, so memory stays flat whatever the corpus size (apart from one
// counter per near-duplicate cluster). It implements govwire.Exporter.
type Exporter struct {
	Store    govwire.ArticleStore
	Searcher govwire.Searcher // resolves ExportRequest.Query; may be nil
	Log      *slog.Logger
	// OnRow, if set, is called after each row is written (progress bars).
	OnRow func()
}

var _ govwire.Exporter = (*Exporter)(nil)

// Summary is what an export wrote, with what a datasheet needs.
type Summary struct {
	govwire.ExportStats
	Sources  map[string]int `json:"sources"`
	Via      map[string]int `json:"via"` // articles by how they were found
	Rulesets map[string]int `json:"rulesets"`
	// Reviewed counts the rows a person reviewed; Agreement compares, on
	// them, the rules with the reviewers per label and for on_topic.
	Reviewed  int                   `json:"reviewed"`
	Agreement map[string]*Agreement `json:"agreement,omitempty"`
	First     time.Time             `json:"first_published,omitzero"`
	Last      time.Time             `json:"last_published,omitzero"`
}

// Export writes the articles selected by req to w.
func (x *Exporter) Export(ctx context.Context, w io.Writer, req govwire.ExportRequest) (govwire.ExportStats, error) {
	s, err := x.Run(ctx, w, req)
	return s.ExportStats, err
}

// Run is Export returning the full Summary.
func (x *Exporter) Run(ctx context.Context, w io.Writer, req govwire.ExportRequest) (Summary, error) {
	sum := Summary{
		ExportStats: govwire.ExportStats{Labels: map[string]int{}, Splits: map[string]int{}},
		Sources:     map[string]int{},
		Via:         map[string]int{},
		Rulesets:    map[string]int{},
	}
	req, err := Normalize(req)
	if err != nil {
		return sum, err
	}
	if req.Query != "" {
		ids, err := x.queryIDs(ctx, req.Query)
		if err != nil {
			return sum, err
		}
		if len(ids) == 0 {
			ids = []string{""} // matches nothing, rather than everything
		}
		req.Filter.IDs = ids
	}
	sizes, err := x.clusterSizes(ctx)
	if err != nil {
		return sum, err
	}
	cw := &countingWriter{w: w}
	rw, err := newRowWriter(req.Format, cw)
	if err != nil {
		return sum, err
	}
	split := newSplitter(req.Seed, req.TrainRatio, req.DevRatio)
	f := req.Filter
	f.NoText = req.NoText
	err = x.Store.ScanArticles(ctx, f, func(a *govwire.Article) error {
		rec := newRecord(a, sizes[a.ClusterID], split.assign(a.ClusterID), req.NoText)
		if err := rw.write(rec); err != nil {
			return fmt.Errorf("write %s row %s: %w", req.Format, a.ID, err)
		}
		sum.add(rec)
		if x.OnRow != nil {
			x.OnRow()
		}
		return nil
	})
	if err != nil {
		return sum, fmt.Errorf("export: %w", err)
	}
	if err := rw.close(); err != nil {
		return sum, fmt.Errorf("finish %s: %w", req.Format, err)
	}
	sum.Bytes = cw.n
	return sum, nil
}

// Normalize validates req and fills its defaults: split 80/10/10 with the
// default seed. The caller decides OnTopicOnly and OnePerCluster (the CLI
// and API default both to true).
func Normalize(req govwire.ExportRequest) (govwire.ExportRequest, error) {
	switch req.Format {
	case "jsonl", "csv", "parquet":
	case "":
		req.Format = "jsonl"
	default:
		return req, govwire.Errorf(govwire.EINVALID, "format %q: want jsonl, csv or parquet", req.Format)
	}
	if req.Seed == "" {
		req.Seed = DefaultSeed
	}
	if req.TrainRatio == 0 && req.DevRatio == 0 {
		req.TrainRatio, req.DevRatio = 0.8, 0.1
	}
	if req.TrainRatio < 0 || req.DevRatio < 0 || req.TrainRatio+req.DevRatio > 1 {
		return req, govwire.Errorf(govwire.EINVALID, "split ratios train %.2f dev %.2f: each must be >= 0 and together <= 1", req.TrainRatio, req.DevRatio)
	}
	for _, l := range req.Filter.Labels {
		if !govwire.ValidLabel(l) {
			return req, govwire.Errorf(govwire.EINVALID, "label %q: want bid, award, protest or allegation", l)
		}
	}
	return req, nil
}

// clusterSizer is implemented by stores that count cluster members in
// one query (store.DB); others are scanned.
type clusterSizer interface {
	ClusterSizes(ctx context.Context) (map[string]int, error)
}

// clusterSizes counts the stored articles of every cluster.
func (x *Exporter) clusterSizes(ctx context.Context) (map[string]int, error) {
	if cs, ok := x.Store.(clusterSizer); ok {
		return cs.ClusterSizes(ctx)
	}
	sizes := map[string]int{}
	err := x.Store.ScanArticles(ctx, govwire.ArticleFilter{NoText: true}, func(a *govwire.Article) error {
		sizes[a.ClusterID]++
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count clusters: %w", err)
	}
	return sizes, nil
}

// queryIDs resolves a search query to article ids through the Searcher,
// following its cursor to the end.
func (x *Exporter) queryIDs(ctx context.Context, q string) ([]string, error) {
	if x.Searcher == nil {
		return nil, govwire.Errorf(govwire.EUNAVAILABLE, "query %q: no search index available", q)
	}
	all := false
	sq := govwire.SearchQuery{Q: q, OnTopic: &all, Size: govwire.MaxPageSize, Sort: "date"}
	var ids []string
	for {
		res, err := x.Searcher.Search(ctx, sq)
		if err != nil {
			return nil, fmt.Errorf("query %q: %w", q, err)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if res.Next == "" || len(res.Hits) == 0 {
			return ids, nil
		}
		sq.After = res.Next
	}
}

func (s *Summary) add(r *Record) {
	s.Articles++
	for _, l := range r.Labels {
		s.Labels[l]++
	}
	s.Splits[r.Split]++
	s.Sources[r.Source]++
	s.Via[r.Via]++
	s.Rulesets[r.Ruleset]++
	s.addReview(r)
	if r.Published != nil {
		if s.First.IsZero() || r.Published.Before(s.First) {
			s.First = *r.Published
		}
		if r.Published.After(s.Last) {
			s.Last = *r.Published
		}
	}
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
