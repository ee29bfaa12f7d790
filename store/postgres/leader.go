package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Leader election timing: how often a follower tries to take the lock,
// and how often (and how patiently) the leader checks that its
// connection, and so its lock, is still there.
var (
	leaderRetry       = time.Second
	leaderCheck       = time.Second
	leaderCheckWithin = 3 * time.Second
)

// Lead runs lead while this process holds the advisory lock called name
// (per schema), so that of all the processes sharing the database exactly
// one runs it at a time. The lock lives on a dedicated connection: when
// the holder dies, PostgreSQL ends its session and frees the lock, and
// another process's next try (every second) takes it. lead's context is
// cancelled when the lock is lost (the connection fails its check) or ctx
// ends; Lead waits for lead to return before it tries again, and returns
// when ctx ends. If lead returns by itself the lock is released.
func (db *DB) Lead(ctx context.Context, name string, lead func(ctx context.Context)) error {
	key := "govwire-lead:" + db.schema + ":" + name
	for {
		held, err := db.holdLock(ctx, key, lead)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if held || err != nil {
			db.log.Warn("leader lock lost or unavailable", "lock", name, "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(leaderRetry):
		}
	}
}

// holdLock connects, takes the lock when it is free (waiting for it by
// retrying), runs lead while the connection stays healthy, and reports
// whether it held the lock.
func (db *DB) holdLock(ctx context.Context, key string, lead func(ctx context.Context)) (bool, error) {
	conn, err := pgx.ConnectConfig(ctx, db.pool.Config().ConnConfig.Copy())
	if err != nil {
		return false, fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for {
		var got bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(hashtextextended($1, 0))`, key).Scan(&got); err != nil {
			return false, fmt.Errorf("try lock: %w", err)
		}
		if got {
			break
		}
		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(leaderRetry):
		}
	}
	db.log.Info("leader lock taken", "lock", key)
	lctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer cancel() // lead returned: give the lock up
		lead(lctx)
	}()
	err = watchConn(lctx, conn)
	cancel()
	<-done
	db.log.Info("leader lock released", "lock", key)
	return true, err
}

// watchConn checks conn every leaderCheck until ctx ends or a check
// fails: a failed connection has lost its session's locks.
func watchConn(ctx context.Context, conn *pgx.Conn) error {
	t := time.NewTicker(leaderCheck)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		cctx, cancel := context.WithTimeout(ctx, leaderCheckWithin)
		err := conn.Ping(cctx)
		cancel()
		if err != nil && ctx.Err() == nil {
			return fmt.Errorf("leader connection check: %w", err)
		}
	}
}
