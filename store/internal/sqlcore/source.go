package sqlcore

import (
	"context"
	"fmt"
	"time"

	"github.com/govwire/govwire"
)

const sourceCols = `COALESCE(s.url, ''), COALESCE(s.etag, ''), COALESCE(s.last_modified, ''),
	COALESCE(s.last_status, 0), COALESCE(s.last_error, ''), s.last_attempt, s.last_success,
	COALESCE(s.consecutive_failures, 0), s.next_attempt`

// SourceState returns the state of source name with its article count; a
// source never seen yields a zero state with Name set.
func (s Store) SourceState(ctx context.Context, name string) (govwire.SourceState, error) {
	if name == "" {
		return govwire.SourceState{}, govwire.Errorf(govwire.EINVALID, "source state: name is empty")
	}
	q := `SELECT n.name, ` + sourceCols + `, (SELECT COUNT(*) FROM articles a WHERE a.source = n.name)
		FROM (SELECT CAST($1 AS TEXT) AS name) n LEFT JOIN sources s ON s.name = n.name`
	st, err := scanSource(s.c.Read.QueryRow(ctx, q, name))
	if err != nil {
		return govwire.SourceState{}, fmt.Errorf("source state %s: %w", name, err)
	}
	return st, nil
}

// SaveSourceState inserts or replaces the fetch state of st.Name. The
// Articles count is derived and not stored.
func (s Store) SaveSourceState(ctx context.Context, st govwire.SourceState) error {
	if st.Name == "" {
		return govwire.Errorf(govwire.EINVALID, "save source state: name is empty")
	}
	_, err := s.c.Write.Exec(ctx, `INSERT INTO sources (name, url, etag, last_modified, last_status,
		last_error, last_attempt, last_success, consecutive_failures, next_attempt)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (name) DO UPDATE SET url = excluded.url, etag = excluded.etag,
		last_modified = excluded.last_modified, last_status = excluded.last_status,
		last_error = excluded.last_error, last_attempt = excluded.last_attempt,
		last_success = excluded.last_success, consecutive_failures = excluded.consecutive_failures,
		next_attempt = excluded.next_attempt`,
		st.Name, st.URL, st.ETag, st.LastModified, st.LastStatus, st.LastError, timeArg(st.LastAttempt),
		timeArg(st.LastSuccess), st.ConsecutiveFailures, timeArg(st.NextAttempt))
	if err != nil {
		return fmt.Errorf("save source state %s: %w", st.Name, err)
	}
	return nil
}

// Sources returns the state of every source that has a saved state or
// stored articles, by name, with Articles counted.
func (s Store) Sources(ctx context.Context) ([]govwire.SourceState, error) {
	q := `SELECT n.name, ` + sourceCols + `, COALESCE(c.n, 0)
		FROM (SELECT name FROM sources UNION SELECT DISTINCT source FROM articles) n
		LEFT JOIN sources s ON s.name = n.name
		LEFT JOIN (SELECT source, COUNT(*) AS n FROM articles GROUP BY source) c ON c.source = n.name
		ORDER BY n.name`
	out, err := queryAll(ctx, s.c.Read, scanSource, q)
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	return out, nil
}

func scanSource(r Row) (govwire.SourceState, error) {
	var (
		st                    govwire.SourceState
		attempt, success, nxt nullInt
	)
	err := r.Scan(&st.Name, &st.URL, &st.ETag, &st.LastModified, &st.LastStatus, &st.LastError,
		&attempt, &success, &st.ConsecutiveFailures, &nxt, &st.Articles)
	st.LastAttempt, st.LastSuccess, st.NextAttempt = fromNano(attempt), fromNano(success), fromNano(nxt)
	return st, err
}

// LogFetch appends e to the fetch log, dropping the oldest rows beyond the
// last LogCap. A zero e.At is taken as now.
func (s Store) LogFetch(ctx context.Context, e govwire.FetchLogEntry) error {
	if e.At.IsZero() {
		e.At = s.now()
	}
	err := s.c.WriteTx(ctx, func(tx Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO fetch_log (source, url, kind, status, error, bytes,
			duration_ns, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			e.Source, e.URL, e.Kind, e.Status, e.Error, e.Bytes, int64(e.Duration), UnixNano(e.At)).Scan(&id)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM fetch_log WHERE id <= $1`, id-int64(s.c.LogCap))
		return err
	})
	if err != nil {
		return fmt.Errorf("log fetch %s: %w", e.URL, err)
	}
	return nil
}

// FetchLog returns up to limit of the most recent fetch log entries, newest
// first; a non-empty source restricts them to that source.
func (s Store) FetchLog(ctx context.Context, source string, limit int) ([]govwire.FetchLogEntry, error) {
	if limit <= 0 {
		return nil, govwire.Errorf(govwire.EINVALID, "fetch log: limit %d must be positive", limit)
	}
	out, err := queryAll(ctx, s.c.Read, scanFetchLog, `SELECT source, url, kind, status, error, bytes, duration_ns, at
		FROM fetch_log WHERE $1 = '' OR source = $1 ORDER BY id DESC LIMIT $2`, source, limit)
	if err != nil {
		return nil, fmt.Errorf("fetch log: %w", err)
	}
	return out, nil
}

func scanFetchLog(r Row) (govwire.FetchLogEntry, error) {
	var (
		e   govwire.FetchLogEntry
		dur int64
		at  nullInt
	)
	err := r.Scan(&e.Source, &e.URL, &e.Kind, &e.Status, &e.Error, &e.Bytes, &dur, &at)
	e.Duration, e.At = time.Duration(dur), fromNano(at)
	return e, err
}
