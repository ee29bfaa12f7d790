package govwire

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// HistorySummary counts what a backfill or an import did. Its JSON form is
// the line `govwire backfill --json` and `govwire import ... --json` print.
type HistorySummary struct {
	Discovered int            `json:"discovered"` // article URLs listed (sitemaps, archives) or records read (files)
	Fetched    int            `json:"fetched"`    // pages fetched over HTTP (backfill) or taken from the file (import)
	New        int            `json:"new"`        // articles created
	Updated    int            `json:"updated"`    // stored articles changed
	Unchanged  int            `json:"unchanged"`  // stored articles found again with nothing new
	Skipped    int            `json:"skipped"`    // left alone on purpose; SkippedBy says why
	Failed     int            `json:"failed"`     // failures, each in Errors
	Errors     []HistoryError `json:"errors"`
	SkippedBy  map[string]int `json:"skipped_by"` // reason -> count
}

// HistoryError is one failure of a backfill or import: where, and what.
type HistoryError struct {
	Source string `json:"source,omitempty"` // backfill: the source
	File   string `json:"file,omitempty"`   // import: the file ("-" for stdin)
	URL    string `json:"url,omitempty"`    // the page, sitemap or record's target URI
	Line   int    `json:"line,omitempty"`   // import jsonl: the line
	Offset int64  `json:"offset,omitempty"` // import warc: the record's byte offset
	Error  string `json:"error"`
}

// Skip counts one item left alone for reason.
func (s *HistorySummary) Skip(reason string) {
	s.Skipped++
	if s.SkippedBy == nil {
		s.SkippedBy = map[string]int{}
	}
	s.SkippedBy[reason]++
}

// Fail records one failure.
func (s *HistorySummary) Fail(e HistoryError) {
	s.Failed++
	s.Errors = append(s.Errors, e)
}

// Saved counts one SaveArticle outcome.
func (s *HistorySummary) Saved(r SaveResult) {
	switch r {
	case SaveCreated:
		s.New++
	case SaveUpdated:
		s.Updated++
	case SaveUnchanged:
		s.Unchanged++
	}
}

// Add adds o's counts and errors to s.
func (s *HistorySummary) Add(o HistorySummary) {
	s.Discovered += o.Discovered
	s.Fetched += o.Fetched
	s.New += o.New
	s.Updated += o.Updated
	s.Unchanged += o.Unchanged
	s.Failed += o.Failed
	s.Errors = append(s.Errors, o.Errors...)
	for k, v := range o.SkippedBy {
		if s.SkippedBy == nil {
			s.SkippedBy = map[string]int{}
		}
		s.SkippedBy[k] += v
	}
	s.Skipped += o.Skipped
}

// Finish makes Errors and SkippedBy empty rather than null and sorts the
// errors by file, offset, line and URL.
func (s *HistorySummary) Finish() {
	if s.Errors == nil {
		s.Errors = []HistoryError{}
	}
	if s.SkippedBy == nil {
		s.SkippedBy = map[string]int{}
	}
	sort.SliceStable(s.Errors, func(i, j int) bool {
		a, b := s.Errors[i], s.Errors[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Offset != b.Offset {
			return a.Offset < b.Offset
		}
		return a.Line < b.Line
	})
}

// String is a one-line account for the terminal.
func (s HistorySummary) String() string {
	return fmt.Sprintf("discovered %d  fetched %d  new %d  updated %d  unchanged %d  skipped %d  failed %d",
		s.Discovered, s.Fetched, s.New, s.Updated, s.Unchanged, s.Skipped, s.Failed)
}

// BackfillMark records that a backfill of Source finished one listing (a
// sitemap, a feed archive page) for the window [Since, Until) (zero: open).
type BackfillMark struct {
	Source string    `json:"source"`
	URL    string    `json:"url"`
	Kind   string    `json:"kind"` // ViaSitemap or ViaArchive
	Since  time.Time `json:"since,omitzero"`
	Until  time.Time `json:"until,omitzero"`
	URLs   int       `json:"urls"` // article URLs it listed in the window
	DoneAt time.Time `json:"done_at"`
}

// Covers reports whether m's window holds the whole window [since, until).
func (m BackfillMark) Covers(since, until time.Time) bool {
	okSince := m.Since.IsZero() || (!since.IsZero() && !since.Before(m.Since))
	okUntil := m.Until.IsZero() || (!until.IsZero() && !until.After(m.Until))
	return okSince && okUntil
}

// BackfillStore keeps the progress of backfills, so a later run skips the
// listings an earlier one finished.
type BackfillStore interface {
	// BackfillMarks returns source's marks, by URL.
	BackfillMarks(ctx context.Context, source string) (map[string]BackfillMark, error)
	// MarkBackfill inserts or replaces the mark of (m.Source, m.URL).
	MarkBackfill(ctx context.Context, m BackfillMark) error
}
