package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/store/postgres"
	"github.com/govwire/govwire/store/transfer"
)

// newMigrateCmd copies a SQLite store into PostgreSQL.
func newMigrateCmd(e *env) *cobra.Command {
	var (
		from, to string
		batch    int
		asJSON   bool
	)
	cmd := &cobra.Command{
		Use:   "migrate --from sqlite:PATH --to postgres:DSN",
		Short: "copy a SQLite store into PostgreSQL",
		Long: "migrate copies every table of a SQLite store (govwire.db) into a PostgreSQL database, in batches of\n" +
			"articles each in one transaction, then verifies row counts and a hash of every row on both sides.\n" +
			"An interrupted copy resumes where it stopped when run again. The SQLite data dir is locked while it\n" +
			"runs (stop serve first). DSN is a libpq string (host=/run/postgresql dbname=govwire) or a postgres://\n" +
			"URL; the destination must be empty or a partial copy of the same store. Then set store.driver: postgres.",
		Args: noArgs,
		RunE: e.runE(func(cmd *cobra.Command, _ []string) error {
			return runMigrate(cmd.Context(), e, from, to, batch, asJSON)
		}),
	}
	cmd.Flags().StringVar(&from, "from", "", "the SQLite store: `sqlite:PATH` to its govwire.db")
	cmd.Flags().StringVar(&to, "to", "", "the PostgreSQL database: `postgres:DSN` (or a postgres:// URL)")
	cmd.Flags().IntVar(&batch, "batch", transfer.DefaultBatch, "articles per transaction")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON")
	return cmd
}

// migrateTarget parses --from and --to.
func migrateTarget(from, to string) (path, dsn string, err error) {
	path, ok := strings.CutPrefix(from, "sqlite:")
	if !ok || path == "" {
		return "", "", usagef("--from: %q: want sqlite:PATH, the govwire.db of a data dir", from)
	}
	switch {
	case strings.HasPrefix(to, "postgres://") || strings.HasPrefix(to, "postgresql://"):
		dsn = to
	default:
		if dsn, ok = strings.CutPrefix(to, "postgres:"); !ok || strings.TrimSpace(dsn) == "" {
			return "", "", usagef("--to: want postgres:DSN (a libpq string such as \"host=/run/postgresql dbname=govwire\") or a postgres:// URL")
		}
	}
	return path, dsn, nil
}

func runMigrate(ctx context.Context, e *env, from, to string, batch int, asJSON bool) error {
	path, dsn, err := migrateTarget(from, to)
	if err != nil {
		return err
	}
	if batch <= 0 {
		return usagef("--batch: %d: must be positive", batch)
	}
	if st, err := os.Stat(path); err != nil || st.IsDir() {
		return govwire.Errorf(govwire.EINVALID, "--from: no SQLite store at %s", path)
	}
	lock, err := lockDataDir(filepath.Dir(path)) // no writer while copying
	if err != nil {
		return err
	}
	defer lock.Unlock()
	src, err := transfer.OpenSource(ctx, path)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, dsn, e.log)
	if err != nil {
		return err
	}
	defer dst.Close()
	start := time.Now()
	last := start
	rep, err := transfer.Copy(ctx, src, dst.Pool(), transfer.Options{Batch: batch, Progress: func(done, total int) {
		if time.Since(last) >= 5*time.Second || done == total {
			last = time.Now()
			e.log.Info("migrate: articles copied", "done", done, "total", total)
		}
	}})
	if rep != nil {
		if asJSON {
			if jerr := writeJSON(e, rep); jerr != nil {
				return jerr
			}
		} else {
			printMigrateReport(e, rep, path, dst.Schema(), time.Since(start))
		}
	}
	return err
}

func printMigrateReport(e *env, rep *transfer.Report, path, schema string, took time.Duration) {
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "table\tsource rows\tcopied now\tdestination rows\tverified\t")
	for _, t := range rep.Tables {
		ok := "yes"
		if !t.Verified {
			ok = "NO"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t\n", t.Table, t.Source, t.Copied, t.Dest, ok)
	}
	_ = tw.Flush()
	resumed := ""
	if rep.Resumed {
		resumed = " (resumed)"
	}
	fmt.Fprintf(e.stdout, "copied %s into PostgreSQL schema %s in %s%s\n", path, schema, took.Round(time.Millisecond), resumed)
}
