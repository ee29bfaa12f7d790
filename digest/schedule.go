package digest

import (
	"context"
	"fmt"
	"strings"
)

// RetrySpec is the schedule of the job that retries failed deliveries.
const RetrySpec = "@every 1m"

// Schedule registers, through add, one job per digest on its cron schedule
// in its time zone (a CRON_TZ= prefix unless the spec has one) that
// delivers the last complete day, yesterday in the digest's zone (a day is
// never delivered before it is over, so no story of it can be missed),
// plus a "digest-retry" job every minute for RetryFailed. Jobs log their
// errors.
func (s *Service) Schedule(add func(spec, name string, fn func(ctx context.Context)) error) error {
	for _, name := range s.names {
		cfg, loc, _ := s.lookup(name)
		spec := cfg.Schedule
		if spec == "" {
			spec = "0 7 * * *"
		}
		if !strings.HasPrefix(spec, "CRON_TZ=") && !strings.HasPrefix(spec, "TZ=") {
			spec = "CRON_TZ=" + loc.String() + " " + spec
		}
		err := add(spec, "digest:"+name, func(ctx context.Context) {
			date := Yesterday(loc, s.now())
			if _, err := s.Deliver(ctx, name, date, false); err != nil {
				s.log.Error("scheduled digest delivery failed", "digest", name, "date", date, "err", err)
			}
		})
		if err != nil {
			return fmt.Errorf("schedule digest %s (%s): %w", name, spec, err)
		}
	}
	err := add(RetrySpec, "digest-retry", func(ctx context.Context) {
		if err := s.RetryFailed(ctx); err != nil {
			s.log.Error("digest delivery retry failed", "err", err)
		}
	})
	if err != nil {
		return fmt.Errorf("schedule digest retries: %w", err)
	}
	return nil
}
