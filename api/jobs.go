package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/govwire/govwire"
)

// Job limits: at most MaxJobs are kept; a finished job is kept for JobTTL.
const (
	MaxJobs = 100
	JobTTL  = time.Hour
)

// jobs holds the background jobs of one server, running and recent.
type jobs struct {
	mu      sync.Mutex
	byID    map[string]*govwire.Job
	order   []string // ids, oldest first
	running string   // the running ingest job's id, "" when none
	now     func() time.Time
}

func newJobs() *jobs { return &jobs{byID: map[string]*govwire.Job{}, now: time.Now} }

// start registers a running job of kind, unless one is running already,
// in which case it returns that one's id and false.
func (j *jobs) start(kind, unit string) (govwire.Job, string, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.running != "" {
		return govwire.Job{}, j.running, false
	}
	j.prune()
	job := &govwire.Job{ID: newJobID(), Kind: kind, Status: govwire.JobRunning, Created: j.now().UTC(),
		Progress: govwire.JobProgress{Unit: unit}}
	j.byID[job.ID] = job
	j.order = append(j.order, job.ID)
	j.running = job.ID
	return *job, "", true
}

// progress records how far job id got.
func (j *jobs) progress(id string, done, total int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if job := j.byID[id]; job != nil {
		job.Progress.Done, job.Progress.Total = done, total
	}
}

// finish records job id's outcome.
func (j *jobs) finish(id string, summary any, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.running == id {
		j.running = ""
	}
	job := j.byID[id]
	if job == nil {
		return
	}
	now := j.now().UTC()
	job.Finished, job.Summary, job.Status = &now, summary, govwire.JobDone
	if err != nil {
		job.Status = govwire.JobFailed
		job.Error = &govwire.JobError{Code: govwire.ErrorCode(err), Message: govwire.ErrorMessage(err)}
	}
}

// get returns a copy of job id.
func (j *jobs) get(id string) (govwire.Job, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.prune()
	job := j.byID[id]
	if job == nil {
		return govwire.Job{}, false
	}
	return *job, true
}

// prune forgets finished jobs older than JobTTL, then the oldest finished
// ones while more than MaxJobs-1 are kept (room for one more). Callers
// hold j.mu.
func (j *jobs) prune() {
	cutoff := j.now().Add(-JobTTL)
	keep := j.order[:0]
	excess := len(j.order) - (MaxJobs - 1)
	for _, id := range j.order {
		job := j.byID[id]
		if job.Finished != nil && (job.Finished.Before(cutoff) || excess > 0) {
			delete(j.byID, id)
			excess--
			continue
		}
		keep = append(keep, id)
	}
	j.order = keep
}

// newJobID returns 16 random hex digits.
func newJobID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}

// ingest serves POST /v1/ingest: with the admin token as a Bearer token, it
// starts one ingest pass in the background and answers 202 at once with
// the job (Location: /v1/jobs/{id}); GET /v1/jobs/{id} follows it. Without
// a configured token the route does not exist (404); one pass runs at a
// time (409, naming the running job).
func (s *Server) ingest(w http.ResponseWriter, r *http.Request) {
	if !s.admin(w, r) {
		return
	}
	// The pass takes no input; reading the body enforces the size limit.
	if err := drainBody(r); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if s.cfg.Ingest == nil {
		writeError(w, r, s.log, govwire.Errorf(govwire.EUNAVAILABLE, "ingest is not enabled on this server"))
		return
	}
	job, running, ok := s.jobs.start("ingest", "sources")
	if !ok {
		writeError(w, r, s.log, govwire.Errorf(govwire.ECONFLICT, "an ingest pass is already running: job %s (GET /v1/jobs/%s)", running, running))
		return
	}
	s.log.InfoContext(r.Context(), "ingest requested over http", "job", job.ID, "remote_addr", r.RemoteAddr)
	// The pass outlives the request: a client that hangs up, or a pass
	// longer than the write timeout, does not cut it short.
	ctx := govwire.WithProgress(context.WithoutCancel(r.Context()), func(done, total int) {
		s.jobs.progress(job.ID, done, total)
	})
	go s.runJob(ctx, job.ID, s.cfg.Ingest)
	w.Header().Set("Location", "/v1/jobs/"+job.ID)
	writeJSON(w, r, s.log, http.StatusAccepted, job)
}

// runJob runs fn as job id and records its outcome; a panic fails the job
// instead of the process.
func (s *Server) runJob(ctx context.Context, id string, fn func(context.Context) (any, error)) {
	var (
		summary any
		err     error
	)
	defer func() {
		if v := recover(); v != nil {
			s.log.ErrorContext(ctx, "job panicked", "job", id, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			summary, err = nil, govwire.Errorf(govwire.EINTERNAL, "internal error")
		}
		if err != nil {
			s.log.ErrorContext(ctx, "job failed", "job", id, "err", err)
		} else {
			s.log.InfoContext(ctx, "job done", "job", id)
		}
		s.jobs.finish(id, summary, err)
	}()
	summary, err = fn(ctx)
}

// job serves GET /v1/jobs/{id} (admin token): a job's status, progress
// and, once done, its summary or error.
func (s *Server) job(w http.ResponseWriter, r *http.Request) {
	if !s.admin(w, r) {
		return
	}
	id := r.PathValue("id")
	job, ok := s.jobs.get(id)
	if !ok {
		writeError(w, r, s.log, govwire.Errorf(govwire.ENOTFOUND, "no job %q (jobs are kept for %s after they finish)", clip(id, 40), JobTTL))
		return
	}
	writeJSON(w, r, s.log, http.StatusOK, job)
}

// admin checks the admin token, writing the error when it fails: 404
// when no admin token is configured (the admin routes do not exist then),
// 401 for a missing or wrong one, 403 for a reviewer's.
func (s *Server) admin(w http.ResponseWriter, r *http.Request) bool {
	if !s.hasRole(govwire.RoleAdmin) {
		writeError(w, r, s.log, govwire.Errorf(govwire.ENOTFOUND, "admin routes are disabled: no admin token is configured"))
		return false
	}
	_, ok := s.allow(w, r, "this route", govwire.RoleAdmin)
	return ok
}
