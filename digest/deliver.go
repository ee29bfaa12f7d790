package digest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/govwire/govwire"
)

// Retry policy of failed deliveries: the n-th failure waits
// retryBase<<(n-1), at most retryMax; after maxAttempts failures the
// delivery is given up (status failed, no NextAttempt) until forced.
const (
	retryBase   = time.Minute
	retryMax    = 6 * time.Hour
	maxAttempts = 10
)

// Deliver delivers digest name for date ("" means today) to each of its
// channels exactly once: a channel already sent to is skipped, as is one
// claimed by another run less than the lease ago or failed and not yet due
// for a retry. force sends to every channel again. A day with no story is
// not delivered unless the digest has send_empty. It returns the record of
// every channel after the call, and the send errors joined (each is also
// recorded as a failed delivery to retry).
func (s *Service) Deliver(ctx context.Context, name, date string, force bool) ([]govwire.Delivery, error) {
	cfg, _, err := s.lookup(name)
	if err != nil {
		return nil, err
	}
	d, err := s.Build(ctx, name, date)
	if err != nil {
		return nil, err
	}
	if Count(d) == 0 && !cfg.SendEmpty {
		s.log.Info("digest empty, not delivered", "digest", name, "date", d.Date)
		return nil, nil
	}
	chans, err := channels(cfg, s.opts.DataDir)
	if err != nil {
		return nil, err
	}
	var (
		out  []govwire.Delivery
		errs []error
	)
	for _, ch := range chans {
		rec, err := s.deliverOne(ctx, d, ch, force)
		if rec.Channel != "" {
			out = append(out, rec)
		}
		errs = append(errs, err)
	}
	return out, errors.Join(errs...)
}

// RetryFailed redelivers the failed deliveries whose NextAttempt has passed
// and the pending ones left by a run that crashed more than the lease ago.
func (s *Service) RetryFailed(ctx context.Context) error {
	recs, err := s.opts.Store.Deliveries(ctx, "", 1000)
	if err != nil {
		return fmt.Errorf("retry deliveries: %w", err)
	}
	now := s.now()
	type day struct{ name, date string }
	due := map[day][]string{}
	var order []day
	for _, r := range recs {
		if skip, _ := s.skip(r, now); skip || r.Status == govwire.DeliverySent {
			continue
		}
		k := day{r.Digest, r.Date}
		if _, ok := due[k]; !ok {
			order = append(order, k)
		}
		due[k] = append(due[k], r.Channel)
	}
	var errs []error
	for _, k := range order {
		errs = append(errs, s.retryDay(ctx, k.name, k.date, due[k]))
	}
	return errors.Join(errs...)
}

// retryDay redelivers digest name for date to the channels with these keys.
func (s *Service) retryDay(ctx context.Context, name, date string, keys []string) error {
	cfg, ok := s.digests[name]
	if !ok {
		return nil // a digest no longer configured
	}
	d, err := s.Build(ctx, name, date)
	if err != nil {
		return err
	}
	chans, err := channels(cfg, s.opts.DataDir)
	if err != nil {
		return err
	}
	var errs []error
	for _, ch := range chans {
		for _, k := range keys {
			if ch.id == k {
				_, err := s.deliverOne(ctx, d, ch, false)
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// skip reports whether record r must not be sent now, and why.
func (s *Service) skip(r govwire.Delivery, now time.Time) (bool, string) {
	switch r.Status {
	case govwire.DeliverySent:
		return true, "already sent"
	case govwire.DeliveryPending:
		if now.Sub(r.UpdatedAt) < s.lease {
			return true, "claimed by another run"
		}
	case govwire.DeliveryFailed:
		if r.NextAttempt.IsZero() {
			return true, "given up"
		}
		if now.Before(r.NextAttempt) {
			return true, "retry not due"
		}
	}
	return false, ""
}

// deliverOne claims the delivery of d to ch (a pending record), sends it
// and records the outcome.
func (s *Service) deliverOne(ctx context.Context, d *govwire.Digest, ch channel, force bool) (govwire.Delivery, error) {
	unlock := s.lockKey(d.Name + "\x00" + d.Date + "\x00" + ch.id)
	defer unlock()
	st := s.opts.Store
	prev, err := st.Delivery(ctx, d.Name, d.Date, ch.id)
	switch {
	case govwire.ErrorCode(err) == govwire.ENOTFOUND:
		prev = govwire.Delivery{Digest: d.Name, Date: d.Date, Channel: ch.id}
	case err != nil:
		return prev, fmt.Errorf("delivery record %s %s %s: %w", d.Name, d.Date, ch.id, err)
	}
	if skip, why := s.skip(prev, s.now()); skip && !force {
		s.log.Debug("digest delivery skipped", "digest", d.Name, "date", d.Date, "channel", ch.id, "reason", why)
		return prev, nil
	}
	rec := prev
	rec.Status, rec.Attempts, rec.UpdatedAt, rec.NextAttempt = govwire.DeliveryPending, rec.Attempts+1, s.now(), time.Time{}
	// Compare-and-swap: another process that claimed it first wins.
	won, err := st.ClaimDelivery(ctx, prev, rec)
	if err != nil {
		return prev, fmt.Errorf("claim delivery %s %s %s: %w", d.Name, d.Date, ch.id, err)
	}
	if !won {
		s.log.Debug("digest delivery skipped", "digest", d.Name, "date", d.Date, "channel", ch.id, "reason", "claimed by another process")
		return prev, nil
	}
	sendErr := s.send(ctx, ch, d)
	now := s.now()
	rec.UpdatedAt = now
	if sendErr == nil {
		rec.Status, rec.SentAt, rec.LastError = govwire.DeliverySent, now, ""
		s.log.Info("digest delivered", "digest", d.Name, "date", d.Date, "channel", ch.id, "attempts", rec.Attempts)
	} else {
		rec.Status, rec.LastError = govwire.DeliveryFailed, truncate(sendErr.Error(), 500)
		if rec.Attempts < maxAttempts {
			rec.NextAttempt = now.Add(backoff(rec.Attempts))
		} else {
			rec.LastError = fmt.Sprintf("gave up after %d attempts: %s", rec.Attempts, rec.LastError)
		}
		sendErr = fmt.Errorf("deliver digest %s %s to %s: %w", d.Name, d.Date, ch.id, sendErr)
	}
	if s.opts.OnDelivery != nil {
		s.opts.OnDelivery(rec)
	}
	// Record the outcome even when ctx was cancelled during the send.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := st.SaveDelivery(sctx, rec); err != nil {
		return rec, errors.Join(sendErr, fmt.Errorf("record delivery %s %s %s: %w", d.Name, d.Date, ch.id, err))
	}
	return rec, sendErr
}

// backoff is the wait after the n-th failed attempt.
func backoff(n int) time.Duration {
	if n < 1 {
		n = 1
	}
	if n > 20 {
		return retryMax
	}
	return min(retryBase<<(n-1), retryMax)
}

// keyLock is the lock of one delivery key, with the number of its holders
// and waiters so an idle key can be forgotten.
type keyLock struct {
	mu sync.Mutex
	n  int
}

// lockKey locks one delivery key in this process and returns its unlock.
func (s *Service) lockKey(key string) func() {
	s.mu.Lock()
	kl, ok := s.keys[key]
	if !ok {
		kl = &keyLock{}
		s.keys[key] = kl
	}
	kl.n++
	s.mu.Unlock()
	kl.mu.Lock()
	return func() {
		kl.mu.Unlock()
		s.mu.Lock()
		if kl.n--; kl.n == 0 {
			delete(s.keys, key)
		}
		s.mu.Unlock()
	}
}

// truncate cuts s to at most n bytes, on a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
