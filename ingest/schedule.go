package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/govwire/govwire"
	"github.com/robfig/cron/v3"
)

// DefaultSchedule is the schedule of a source that names none.
const DefaultSchedule = "@every 15m"

// Scheduler runs each source on its own cron schedule, in UTC, with panic
// recovery; a run still going when its next turn comes is skipped, so a
// slow source never piles up or delays the others.
type Scheduler struct {
	cron   *cron.Cron
	in     *Ingester
	log    *slog.Logger
	ctx    context.Context // cancelled by Stop when its deadline passes
	cancel context.CancelFunc
	once   sync.Once
}

// NewScheduler returns a scheduler with one entry per source. A bad
// schedule is an error naming the source.
func NewScheduler(in *Ingester, sources []govwire.Source, log *slog.Logger) (*Scheduler, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cl := cronLogger{log}
	// Recover must sit inside SkipIfStillRunning: in cron v3.0.1 a panic
	// that crosses SkipIfStillRunning loses its token and the job never
	// runs again.
	s := &Scheduler{
		cron: cron.New(cron.WithLocation(time.UTC), cron.WithLogger(cl),
			cron.WithChain(cron.SkipIfStillRunning(cl), cron.Recover(cl))),
		in: in, log: log,
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	for _, src := range sources {
		spec := src.Schedule
		if spec == "" {
			spec = DefaultSchedule
		}
		if err := s.AddFunc(spec, "source "+src.Name, func(ctx context.Context) {
			sum, err := in.RunSource(ctx, src, false)
			if err != nil {
				log.Warn("scheduled ingest interrupted", "source", src.Name, "err", err)
				return
			}
			log.Info("scheduled ingest", "source", src.Name, "summary", sum.String())
		}); err != nil {
			s.cancel()
			return nil, err
		}
	}
	return s, nil
}

// AddFunc schedules fn under spec (a cron/v3 spec); name appears in logs
// and errors. fn gets a context cancelled when Stop gives up waiting.
func (s *Scheduler) AddFunc(spec string, name string, fn func(ctx context.Context)) error {
	_, err := s.cron.AddFunc(spec, func() {
		start := time.Now()
		fn(s.ctx)
		s.log.Debug("scheduled job done", "job", name, "duration", time.Since(start))
	})
	if err != nil {
		return govwire.Errorf(govwire.EINVALID, "%s: schedule %q: %v", name, spec, err)
	}
	return nil
}

// Start starts the scheduler in its own goroutine.
func (s *Scheduler) Start() { s.cron.Start() }

// Stop stops scheduling and waits for running jobs to finish, or for ctx
// to end; then the jobs' context is cancelled and ctx's error returned.
func (s *Scheduler) Stop(ctx context.Context) error {
	done := s.cron.Stop()
	select {
	case <-done.Done():
		s.once.Do(s.cancel)
		return nil
	case <-ctx.Done():
		s.once.Do(s.cancel)
		return fmt.Errorf("stop scheduler: %w", ctx.Err())
	}
}

// cronLogger adapts slog to cron's logger.
type cronLogger struct{ log *slog.Logger }

// Info logs cron's routine messages at debug level, and a run skipped
// because the previous one is still going at info level.
func (l cronLogger) Info(msg string, kv ...any) {
	level := slog.LevelDebug
	if msg == "skip" {
		level = slog.LevelInfo
		msg = "skip: previous run still going"
	}
	l.log.Log(context.Background(), level, "cron: "+msg, cronKV(kv)...)
}

// Error logs cron's errors, recovered panics among them.
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(cronKV(kv), "err", err)...)
}

// cronKV passes cron's key-value pairs on, dropping any without a string
// key.
func cronKV(kv []any) []any {
	out := make([]any, 0, len(kv))
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		if k == "" {
			continue
		}
		out = append(out, k, kv[i+1])
	}
	return out
}
