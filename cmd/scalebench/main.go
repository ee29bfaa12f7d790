// Command scalebench measures govwire on a shared PostgreSQL store against
// the default SQLite one (docs/SCALE.md, docs/BENCHMARKS.md): article
// write throughput with one and several writers, the change-sequence lag
// a follower sees, the index catch-up rate from each store, and search
// capacity with 1, 2 and 3 `govwire serve --role api` replicas.
//
//	go build -o /tmp/govwire ./cmd/govwire
//	go run ./cmd/scalebench -pg "$GOVWIRE_TEST_PG_DSN" -bin /tmp/govwire -n 10000
//
// It works in a schema of its own on the server -pg names (dropped at the
// end) and in a temporary directory.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index/corpus"
	"github.com/govwire/govwire/internal/procstat"
	"github.com/govwire/govwire/store/postgres/pgtest"
)

type options struct {
	pg, bin       string
	n, writers    int
	clients       int
	duration      time.Duration
	lagN, lagRate int
	replicas      []int
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "scalebench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	var o options
	fs := flag.NewFlagSet("scalebench", flag.ContinueOnError)
	fs.StringVar(&o.pg, "pg", os.Getenv(pgtest.EnvDSN), "PostgreSQL DSN of a server to work on (a schema of its own)")
	fs.StringVar(&o.bin, "bin", "", "a built govwire binary, for the replica runs (none: skip them)")
	fs.IntVar(&o.n, "n", 10000, "articles in the corpus")
	fs.IntVar(&o.writers, "writers", 4, "concurrent writers in the second write run")
	fs.IntVar(&o.clients, "clients", 8, "search clients (closed loop)")
	fs.DurationVar(&o.duration, "duration", 20*time.Second, "length of each search run")
	fs.IntVar(&o.lagN, "lag-n", 1000, "articles written while measuring the change lag")
	fs.IntVar(&o.lagRate, "lag-rate", 100, "articles per second written while measuring the change lag")
	reps := fs.String("replicas", "1,2,3", "replica counts to measure search with")
	if err := fs.Parse(args); err != nil {
		return err
	}
	for _, s := range strings.Split(*reps, ",") {
		var k int
		if _, err := fmt.Sscan(s, &k); err != nil || k < 1 {
			return fmt.Errorf("-replicas: %q", s)
		}
		o.replicas = append(o.replicas, k)
	}
	if o.pg == "" {
		return fmt.Errorf("-pg (or %s) is required", pgtest.EnvDSN)
	}
	dir, err := os.MkdirTemp("", "scalebench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Printf("scalebench: %d articles, load average %s, %s\n", o.n, procstat.LoadAvg(), procstat.Machine())
	arts := generate(o.n + o.lagN)
	b := &bench{o: o, dir: dir, log: slog.New(slog.DiscardHandler)}
	defer b.cleanup()
	if err := b.writes(ctx, arts[:o.n]); err != nil {
		return err
	}
	if err := b.lag(ctx, arts[o.n:]); err != nil {
		return err
	}
	if err := b.catchUp(ctx); err != nil {
		return err
	}
	if o.bin != "" {
		if err := b.search(ctx); err != nil {
			return err
		}
	}
	fmt.Printf("done, load average %s, peak RSS %s\n", procstat.LoadAvg(), procstat.PeakRSS())
	return nil
}

// generate makes n synthetic articles (index/corpus), ready to save.
func generate(n int) []*govwire.Article {
	g := corpus.New(corpus.Options{Seed: 16})
	out := make([]*govwire.Article, n)
	for i := range out {
		a := g.Next()
		a.Fingerprint = g.Fingerprint(a.ID)
		a.Seq = 0
		out[i] = a
	}
	return out
}

// bench holds what the phases share.
type bench struct {
	o          options
	dir        string
	log        *slog.Logger
	schemas    []string
	sqlitePath string // the SQLite store of the last write run
	pgDSN      string // the PostgreSQL schema of the last write run
	pgIndex    string // an index built from it, copied to each replica
}

// schema creates a schema of its own on the server and returns its DSN.
func (b *bench) schema(ctx context.Context, name string) (string, error) {
	s := fmt.Sprintf("scalebench_%s_%d", name, time.Now().UnixNano()%1e9)
	conn, err := pgx.Connect(ctx, b.o.pg)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+s); err != nil {
		return "", err
	}
	b.schemas = append(b.schemas, s)
	return pgtest.WithSchema(b.o.pg, s), nil
}

func (b *bench) cleanup() {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, b.o.pg)
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	for _, s := range b.schemas {
		_, _ = conn.Exec(ctx, "DROP SCHEMA "+s+" CASCADE")
	}
}

// path is a file in the temporary directory.
func (b *bench) path(elem ...string) string {
	return filepath.Join(append([]string{b.dir}, elem...)...)
}
