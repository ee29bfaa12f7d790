// Command gencorpus writes a synthetic but plausible corpus of govwire
// articles, deterministic for a seed: as JSON Lines, into a SQLite store,
// and/or into a Bleve index. It exists for benchmarks and load tests:
//
//	gencorpus -n 100000 -store data/govwire.db -index data/index.bleve
//
// builds a 100,000-article store and then rebuilds the index from it (the
// same path as "govwire reindex"), printing the reindex throughput. The
// store gets -batch articles per transaction (store.DB.SaveArticles, the
// same rows as one SaveArticle each; -batch 1 saves them one by one).
// -index without -store indexes the generated articles directly.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index"
	"github.com/govwire/govwire/index/corpus"
	"github.com/govwire/govwire/internal/procstat"
	"github.com/govwire/govwire/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.As(err, new(usageError)):
		fmt.Fprintf(os.Stderr, "gencorpus: %v\n", err)
		os.Exit(2)
	default:
		fmt.Fprintf(os.Stderr, "gencorpus: %v\n", err)
		os.Exit(1)
	}
}

type usageError struct{ error }

type options struct {
	n                     int
	seed                  uint64
	jsonl, store, idxPath string
	cpuProfile            string
	batch                 int // articles saved per store transaction
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o options
	fs := flag.NewFlagSet("gencorpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.n, "n", 1000, "number of articles")
	fs.Uint64Var(&o.seed, "seed", 1, "random seed: the same seed gives the same corpus")
	fs.StringVar(&o.jsonl, "jsonl", "", "write JSON Lines to this file (- for stdout)")
	fs.StringVar(&o.store, "store", "", "save the articles into the SQLite store at this path")
	fs.StringVar(&o.idxPath, "index", "", "build a Bleve index at this path (from the store when -store is given)")
	fs.IntVar(&o.batch, "batch", defaultBatch, "articles saved per store transaction (1: one SaveArticle each)")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to this file")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 || o.n < 0 || o.batch < 1 || (o.jsonl == "" && o.store == "" && o.idxPath == "") {
		return usageError{errors.New("usage: gencorpus [-n N] [-seed S] [-jsonl FILE|-] [-store DB [-batch N]] [-index DIR]")}
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	stopProfile, err := procstat.StartCPUProfile(o.cpuProfile)
	if err != nil {
		return err
	}
	defer stopProfile()
	return generate(ctx, o, stdout, log)
}

// closeInto calls c (a Close or Flush of something written to) and keeps
// its error in *err unless an earlier error is there: a corpus that did not
// reach the disk is a failure, not a silent success.
func closeInto(err *error, what string, c func() error) {
	if cerr := c(); cerr != nil && *err == nil {
		*err = fmt.Errorf("%s: %w", what, cerr)
	}
}

func generate(ctx context.Context, o options, stdout io.Writer, log *slog.Logger) (err error) {
	var enc *json.Encoder
	if o.jsonl != "" {
		w := stdout
		if o.jsonl != "-" {
			f, cerr := os.Create(o.jsonl)
			if cerr != nil {
				return cerr
			}
			defer closeInto(&err, "close "+o.jsonl, f.Close)
			w = f
		}
		bw := bufio.NewWriterSize(w, 1<<20)
		defer closeInto(&err, "write jsonl", bw.Flush)
		enc = json.NewEncoder(bw)
	}
	var st *store.DB
	var saver *storeWriter
	if o.store != "" {
		if st, err = store.Open(ctx, o.store, log); err != nil {
			return err
		}
		defer closeInto(&err, "close store", st.Close)
		saver = newStoreWriter(st, o.batch)
	}
	var direct *index.Index
	if o.idxPath != "" && st == nil {
		if direct, err = index.Open(o.idxPath, log); err != nil {
			return err
		}
		defer closeInto(&err, "close index", direct.Close)
	}

	g := corpus.New(corpus.Options{Seed: o.seed})
	start := time.Now()
	batch := make([]*govwire.Article, 0, index.BatchSize)
	for i := range o.n {
		a := g.Next()
		if enc != nil {
			if err := enc.Encode(a); err != nil {
				return fmt.Errorf("write jsonl: %w", err)
			}
		}
		if saver != nil {
			a.Fingerprint = g.Fingerprint(a.ID)
			if err := saver.add(ctx, a); err != nil {
				return err
			}
		}
		if direct != nil {
			if batch = append(batch, a); len(batch) == cap(batch) || i == o.n-1 {
				if err := direct.Index(ctx, batch); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
		if (i+1)%10000 == 0 {
			log.Info("generated", "articles", i+1, "per_sec", int(float64(i+1)/time.Since(start).Seconds()))
		}
	}
	if saver != nil {
		if err := saver.flush(ctx); err != nil {
			return err
		}
	}
	log.Info("corpus written", "articles", o.n, "took", time.Since(start).Round(time.Millisecond).String())
	if st != nil && o.idxPath != "" {
		defer index.BulkGC()()
		start = time.Now()
		if err := index.Rebuild(ctx, st, o.idxPath, nil, log); err != nil {
			return err
		}
		log.Info("reindexed from store", "took", time.Since(start).Round(time.Millisecond).String(),
			"peak_rss", procstat.PeakRSS(), "load", procstat.LoadAvg())
	}
	return nil
}
