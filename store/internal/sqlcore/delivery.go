package sqlcore

import (
	"context"
	"fmt"

	"github.com/govwire/govwire"
)

const deliveryCols = `digest, date, channel, status, attempts, last_error, next_attempt, updated_at, sent_at`

// deliveryArgs are d's values in deliveryCols order.
func deliveryArgs(d govwire.Delivery) []any {
	return []any{d.Digest, d.Date, d.Channel, d.Status, d.Attempts, d.LastError, timeArg(d.NextAttempt),
		UnixNano(d.UpdatedAt), timeArg(d.SentAt)}
}

func scanDelivery(r Row) (govwire.Delivery, error) {
	var (
		d                   govwire.Delivery
		next, updated, sent nullInt
	)
	err := r.Scan(&d.Digest, &d.Date, &d.Channel, &d.Status, &d.Attempts, &d.LastError, &next, &updated, &sent)
	d.NextAttempt, d.UpdatedAt, d.SentAt = fromNano(next), fromNano(updated), fromNano(sent)
	return d, err
}

// Delivery returns the record for (digest, date, channel), ENOTFOUND if none.
func (s Store) Delivery(ctx context.Context, digest, date, channel string) (govwire.Delivery, error) {
	row := s.c.Read.QueryRow(ctx, `SELECT `+deliveryCols+` FROM deliveries
		WHERE digest = $1 AND date = $2 AND channel = $3`, digest, date, channel)
	d, err := scanDelivery(row)
	switch {
	case NotFound(err):
		return d, govwire.Errorf(govwire.ENOTFOUND, "delivery of digest %q for %s to %q not found", digest, date, channel)
	case err != nil:
		return d, fmt.Errorf("delivery %s %s %s: %w", digest, date, channel, err)
	}
	return d, nil
}

// SaveDelivery inserts or replaces the record for its (digest, date,
// channel). A zero UpdatedAt is taken as now.
func (s Store) SaveDelivery(ctx context.Context, d govwire.Delivery) error {
	if err := validDelivery(d); err != nil {
		return err
	}
	if d.UpdatedAt.IsZero() {
		d.UpdatedAt = s.now()
	}
	_, err := s.c.Write.Exec(ctx, `INSERT INTO deliveries (`+deliveryCols+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (digest, date, channel) DO UPDATE SET status = excluded.status,
		attempts = excluded.attempts, last_error = excluded.last_error, next_attempt = excluded.next_attempt,
		updated_at = excluded.updated_at, sent_at = excluded.sent_at`, deliveryArgs(d)...)
	if err != nil {
		return fmt.Errorf("save delivery %s %s %s: %w", d.Digest, d.Date, d.Channel, err)
	}
	return nil
}

// validDelivery checks the key and status of d.
func validDelivery(d govwire.Delivery) error {
	if d.Digest == "" || d.Date == "" || d.Channel == "" {
		return govwire.Errorf(govwire.EINVALID, "save delivery: digest, date and channel are required (got %q, %q, %q)",
			d.Digest, d.Date, d.Channel)
	}
	switch d.Status {
	case govwire.DeliveryPending, govwire.DeliverySent, govwire.DeliveryFailed:
		return nil
	}
	return govwire.Errorf(govwire.EINVALID, "save delivery: unknown status %q", d.Status)
}

// Deliveries returns up to limit of the most recently updated records,
// newest first; a non-empty digest restricts them to that digest.
func (s Store) Deliveries(ctx context.Context, digest string, limit int) ([]govwire.Delivery, error) {
	if limit <= 0 {
		return nil, govwire.Errorf(govwire.EINVALID, "deliveries: limit %d must be positive", limit)
	}
	out, err := queryAll(ctx, s.c.Read, scanDelivery, `SELECT `+deliveryCols+` FROM deliveries
		WHERE $1 = '' OR digest = $1 ORDER BY updated_at DESC, date DESC, channel LIMIT $2`, digest, limit)
	if err != nil {
		return nil, fmt.Errorf("deliveries: %w", err)
	}
	return out, nil
}

// ClaimDelivery writes d only if the stored record is still prev, or, when
// prev.Status is "", only if there is no record yet (compare-and-swap on
// status, attempts and update time). It reports whether the claim won. On
// PostgreSQL a concurrent claim from another process waits for this one's
// row lock and then finds the guard no longer holds.
func (s Store) ClaimDelivery(ctx context.Context, prev, d govwire.Delivery) (bool, error) {
	if err := validDelivery(d); err != nil {
		return false, err
	}
	if d.UpdatedAt.IsZero() {
		d.UpdatedAt = s.now()
	}
	var (
		n   int64
		err error
	)
	if prev.Status == "" {
		n, err = s.c.Write.Exec(ctx, `INSERT INTO deliveries (`+deliveryCols+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (digest, date, channel) DO NOTHING`,
			deliveryArgs(d)...)
	} else {
		n, err = s.c.Write.Exec(ctx, `UPDATE deliveries SET status = $4, attempts = $5, last_error = $6,
			next_attempt = $7, updated_at = $8, sent_at = $9
			WHERE digest = $1 AND date = $2 AND channel = $3 AND status = $10 AND attempts = $11 AND updated_at = $12`,
			append(deliveryArgs(d), prev.Status, prev.Attempts, UnixNano(prev.UpdatedAt))...)
	}
	if err != nil {
		return false, fmt.Errorf("claim delivery %s %s %s: %w", d.Digest, d.Date, d.Channel, err)
	}
	return n == 1, nil
}
