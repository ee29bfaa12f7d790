package sqlcore

import (
	"context"
	"fmt"

	"github.com/govwire/govwire"
)

// BackfillMarks returns the listings a backfill of source finished, by URL.
func (s Store) BackfillMarks(ctx context.Context, source string) (map[string]govwire.BackfillMark, error) {
	out := map[string]govwire.BackfillMark{}
	err := s.c.Read.Query(ctx, func(r Row) error {
		m := govwire.BackfillMark{Source: source}
		var since, until, done nullInt
		if err := r.Scan(&m.URL, &m.Kind, &since, &until, &m.URLs, &done); err != nil {
			return err
		}
		m.Since, m.Until, m.DoneAt = fromNano(since), fromNano(until), fromNano(done)
		out[m.URL] = m
		return nil
	}, `SELECT url, kind, since, until, urls, done_at FROM backfill_progress WHERE source = $1`, source)
	if err != nil {
		return nil, fmt.Errorf("backfill marks %s: %w", source, err)
	}
	return out, nil
}

// MarkBackfill inserts or replaces the mark of (m.Source, m.URL).
func (s Store) MarkBackfill(ctx context.Context, m govwire.BackfillMark) error {
	if m.Source == "" || m.URL == "" {
		return govwire.Errorf(govwire.EINVALID, "mark backfill: source and url are required")
	}
	_, err := s.c.Write.Exec(ctx, `INSERT INTO backfill_progress (source, url, kind, since, until, urls, done_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (source, url) DO UPDATE SET kind = excluded.kind, since = excluded.since,
		until = excluded.until, urls = excluded.urls, done_at = excluded.done_at`,
		m.Source, m.URL, m.Kind, timeArg(m.Since), timeArg(m.Until), m.URLs, UnixNano(m.DoneAt))
	if err != nil {
		return fmt.Errorf("mark backfill %s %s: %w", m.Source, m.URL, err)
	}
	return nil
}
