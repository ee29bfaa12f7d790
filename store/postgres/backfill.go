package postgres

import (
	"context"
	"fmt"

	"github.com/govwire/govwire"
)

// BackfillMarks returns the listings a backfill of source finished, by URL.
func (db *DB) BackfillMarks(ctx context.Context, source string) (map[string]govwire.BackfillMark, error) {
	rows, err := db.pool.Query(ctx, `SELECT url, kind, since, until, urls, done_at
		FROM backfill_progress WHERE source = $1`, source)
	if err != nil {
		return nil, fmt.Errorf("backfill marks %s: %w", source, err)
	}
	defer rows.Close()
	out := map[string]govwire.BackfillMark{}
	for rows.Next() {
		m := govwire.BackfillMark{Source: source}
		var since, until, done *int64
		if err := rows.Scan(&m.URL, &m.Kind, &since, &until, &m.URLs, &done); err != nil {
			return nil, fmt.Errorf("backfill marks %s: %w", source, err)
		}
		m.Since, m.Until, m.DoneAt = fromNano(since), fromNano(until), fromNano(done)
		out[m.URL] = m
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("backfill marks %s: %w", source, err)
	}
	return out, nil
}

// MarkBackfill inserts or replaces the mark of (m.Source, m.URL).
func (db *DB) MarkBackfill(ctx context.Context, m govwire.BackfillMark) error {
	if m.Source == "" || m.URL == "" {
		return govwire.Errorf(govwire.EINVALID, "mark backfill: source and url are required")
	}
	_, err := db.pool.Exec(ctx, `INSERT INTO backfill_progress (source, url, kind, since, until, urls, done_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (source, url) DO UPDATE SET kind = excluded.kind, since = excluded.since,
		until = excluded.until, urls = excluded.urls, done_at = excluded.done_at`,
		m.Source, m.URL, m.Kind, timeArg(m.Since), timeArg(m.Until), m.URLs, unixNano(m.DoneAt))
	if err != nil {
		return fmt.Errorf("mark backfill %s %s: %w", m.Source, m.URL, err)
	}
	return nil
}
