package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/govwire/govwire"
)

// curSeq is the change number the running transaction took, for the
// statements of its tail.
const curSeq = `(SELECT seq FROM change_seq WHERE id = 1)`

// tail is the end of a writing transaction, sent to the server as one
// batch: the change counter's update first, then the writes that carry
// the new number (curSeq), then the notification. The counter's row lock,
// which orders commits by sequence number (see the package doc), is so
// held for one round trip and the commit, however many rows the change
// writes.
type tail struct {
	b     pgx.Batch
	names []string // what each queued statement does, for errors
}

func newTail() *tail {
	t := &tail{}
	t.queue("next seq", `UPDATE change_seq SET seq = seq + 1 WHERE id = 1 RETURNING seq`)
	return t
}

// queue adds a statement; name says what it does in an error.
func (t *tail) queue(name, sql string, args ...any) {
	t.b.Queue(sql, args...)
	t.names = append(t.names, name)
}

// labels queues making labels the article's rows in article_labels.
func (t *tail) labels(id string, labels []string) {
	t.queue("delete labels", `DELETE FROM article_labels WHERE article_id = $1`, id)
	if len(labels) > 0 {
		t.queue("insert labels", `INSERT INTO article_labels(article_id, label) SELECT $1, unnest($2::text[])`, id, labels)
	}
}

// bands queues making fp's band keys the article's rows in
// fingerprint_bands.
func (t *tail) bands(id string, fp govwire.Fingerprint) {
	t.queue("delete bands", `DELETE FROM fingerprint_bands WHERE article_id = $1`, id)
	if bands := fp.Bands(); len(bands) > 0 {
		t.queue("insert bands", `INSERT INTO fingerprint_bands(band_key, article_id)
			SELECT DISTINCT unnest($1::bigint[]), $2 ON CONFLICT DO NOTHING`, bands, id)
	}
}

// send runs the tail in tx, announcing the change on the schema's channel
// (delivered at commit), and returns the change's sequence number.
func (db *DB) send(ctx context.Context, tx pgx.Tx, t *tail) (int64, error) {
	t.queue("notify change", `SELECT pg_notify($1, `+curSeq+`::text)`, db.Channel())
	res := tx.SendBatch(ctx, &t.b)
	var seq int64
	if err := res.QueryRow().Scan(&seq); err != nil {
		res.Close()
		return 0, fmt.Errorf("next seq: %w", err)
	}
	for _, name := range t.names[1:] {
		if _, err := res.Exec(); err != nil {
			res.Close()
			return 0, fmt.Errorf("%s: %w", name, err)
		}
	}
	return seq, res.Close()
}
