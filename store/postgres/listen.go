package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// maxChannelLen is the longest identifier PostgreSQL keeps (NAMEDATALEN-1).
const maxChannelLen = 63

// Channel is the LISTEN/NOTIFY channel that carries this schema's change
// sequence numbers as they commit.
func (db *DB) Channel() string {
	c := "govwire_changes_" + db.schema
	if len(c) > maxChannelLen {
		h := sha256.Sum256([]byte(db.schema))
		c = "govwire_changes_" + hex.EncodeToString(h[:12])
	}
	return c
}

// reconnectDelay is how long WatchChanges waits before it connects again
// after losing its connection.
var reconnectDelay = time.Second

// WatchChanges calls wake with the sequence number of every change other
// processes (and this one) commit, as PostgreSQL delivers the NOTIFY,
// until ctx ends. It listens on a dedicated connection and reconnects
// when that is lost; wake(0) follows every (re)connection, since changes
// committed while it was away sent notifications nobody heard. Callers
// still poll as the fallback: a notification is a hint to look, never the
// data.
func (db *DB) WatchChanges(ctx context.Context, wake func(seq int64)) error {
	for {
		err := db.listen(ctx, wake)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		db.log.Warn("change notifications lost; reconnecting", "err", err, "retry_in", reconnectDelay)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(reconnectDelay):
		}
	}
}

// listen runs one LISTEN connection until it fails or ctx ends.
func (db *DB) listen(ctx context.Context, wake func(seq int64)) error {
	conn, err := pgx.ConnectConfig(ctx, db.pool.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{db.Channel()}.Sanitize()); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	wake(0)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return fmt.Errorf("wait for notification: %w", err)
		}
		seq, _ := strconv.ParseInt(n.Payload, 10, 64) // a foreign payload is still a wake-up
		wake(seq)
	}
}
