// Package pgtest gives tests a PostgreSQL schema of their own on the
// server GOVWIRE_TEST_PG_DSN names (.ci/pg starts a throwaway one). With
// no DSN the test is skipped with a message saying how to run it, unless
// CI or GOVWIRE_REQUIRE_PG is set (.ci/run sets it): then a missing DSN
// fails the test, so CI cannot pass without PostgreSQL.
package pgtest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvDSN names the environment variable holding the test server's DSN.
const EnvDSN = "GOVWIRE_TEST_PG_DSN"

var counter atomic.Int64

// DSN returns the DSN of a new, empty schema on the test server, dropped
// when t ends. It skips t (fails it under CI) when no server is set.
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvDSN)
	if base == "" {
		if os.Getenv("CI") != "" || os.Getenv("GOVWIRE_REQUIRE_PG") != "" {
			t.Fatalf("%s is not set while CI or GOVWIRE_REQUIRE_PG is: the PostgreSQL tests must run (bash .ci/run starts a server)", EnvDSN)
		}
		t.Skipf("%s not set: skipping the PostgreSQL test (start a server with `source .ci/pg start`)", EnvDSN)
	}
	schema := fmt.Sprintf("t%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, counter.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to the test server (%s): %v", EnvDSN, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return WithSchema(base, schema)
}

// WithSchema returns dsn with its search_path set to schema.
func WithSchema(dsn, schema string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		return dsn + sep + "search_path=" + schema
	}
	return dsn + " search_path=" + schema
}
