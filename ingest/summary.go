package ingest

import (
	"fmt"
	"sort"

	"github.com/govwire/govwire"
)

// Summary counts what an ingest pass did. Its JSON form is the one `govwire
// ingest --json` prints: sources, fetched, new, updated, unchanged,
// failed, errors.
type Summary struct {
	Sources   int           `json:"sources"`   // sources whose feed was requested
	Fetched   int           `json:"fetched"`   // article pages fetched
	New       int           `json:"new"`       // articles created
	Updated   int           `json:"updated"`   // stored articles whose content or labels changed
	Unchanged int           `json:"unchanged"` // known articles left alone
	Failed    int           `json:"failed"`    // failures (a feed or an item), each listed in Errors
	Errors    []SourceError `json:"errors"`

	NotModified int `json:"-"` // feeds answered 304
	Skipped     int `json:"-"` // sources skipped while backing off
}

// SourceError is one failure: the source, the URL at fault and the error.
type SourceError struct {
	Source string `json:"source"`
	URL    string `json:"url"`
	Error  string `json:"error"`
}

// String is a one-line account, for logs and the CLI.
func (s Summary) String() string {
	return fmt.Sprintf("%d sources: %d new, %d updated, %d unchanged, %d pages fetched, %d failed",
		s.Sources, s.New, s.Updated, s.Unchanged, s.Fetched, s.Failed)
}

// Add adds o's counts and errors to s.
func (s *Summary) Add(o Summary) {
	s.Sources += o.Sources
	s.Fetched += o.Fetched
	s.New += o.New
	s.Updated += o.Updated
	s.Unchanged += o.Unchanged
	s.Failed += o.Failed
	s.NotModified += o.NotModified
	s.Skipped += o.Skipped
	s.Errors = append(s.Errors, o.Errors...)
}

// fail records one failure.
func (s *Summary) fail(source, url string, err error) {
	s.Failed++
	s.Errors = append(s.Errors, SourceError{Source: source, URL: url, Error: err.Error()})
}

// addItem counts one item's outcome.
func (s *Summary) addItem(source string, r itemResult) {
	if r.fetched {
		s.Fetched++
	}
	switch {
	case r.err != nil:
		s.fail(source, r.url, r.err)
	case r.known:
		s.Unchanged++
	case r.result == govwire.SaveCreated:
		s.New++
	case r.result == govwire.SaveUpdated:
		s.Updated++
	case r.result == govwire.SaveUnchanged:
		s.Unchanged++
	}
}

// finish sorts the errors and makes them an empty list rather than null.
func (s *Summary) finish() {
	if s.Errors == nil {
		s.Errors = []SourceError{}
	}
	sort.Slice(s.Errors, func(i, j int) bool {
		a, b := s.Errors[i], s.Errors[j]
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		return a.URL < b.URL
	})
}
