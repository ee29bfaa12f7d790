package govwire

import (
	"context"
	"time"
)

// Job states.
const (
	JobRunning = "running"
	JobDone    = "done"
	JobFailed  = "failed"
)

// Job is a long admin operation run in the background: POST /v1/ingest
// answers 202 with one at once, GET /v1/jobs/{id} follows it.
type Job struct {
	ID       string      `json:"id"`
	Kind     string      `json:"kind"`   // "ingest"
	Status   string      `json:"status"` // JobRunning, JobDone or JobFailed
	Created  time.Time   `json:"created"`
	Finished *time.Time  `json:"finished,omitempty"`
	Progress JobProgress `json:"progress"`
	// Summary is the operation's result once done (for ingest, the same
	// object as `govwire ingest --json`).
	Summary any       `json:"summary,omitempty"`
	Error   *JobError `json:"error,omitempty"` // why it failed
}

// JobProgress counts the units of work done (sources, for ingest).
type JobProgress struct {
	Done  int    `json:"done"`
	Total int    `json:"total"`
	Unit  string `json:"unit,omitempty"`
}

// JobError is a failed job's error: a code and a message fit to show.
type JobError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type progressKey struct{}

// WithProgress returns ctx carrying fn, which long operations call with
// the units done and the total as they go (see ReportProgress).
func WithProgress(ctx context.Context, fn func(done, total int)) context.Context {
	return context.WithValue(ctx, progressKey{}, fn)
}

// ReportProgress calls the progress function ctx carries, if any.
func ReportProgress(ctx context.Context, done, total int) {
	if fn, ok := ctx.Value(progressKey{}).(func(done, total int)); ok && fn != nil {
		fn(done, total)
	}
}
