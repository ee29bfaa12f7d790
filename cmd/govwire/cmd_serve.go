package main

import (
	"context"
	"net"
	"sync"

	"github.com/spf13/cobra"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
	"github.com/govwire/govwire/config"
	"github.com/govwire/govwire/digest"
	"github.com/govwire/govwire/export"
	"github.com/govwire/govwire/ingest"
)

// newServeCmd runs the scheduler, the API and the web page.
func newServeCmd(e *env) *cobra.Command {
	var listenAddr, role string
	cmd := &cobra.Command{
		Use:   "serve [flags]",
		Short: "run the scheduler, the API and the web page",
		Long: "serve runs the scheduler (feeds and digests), the HTTP API and the web page until interrupted.\n\n" +
			"With store.driver postgres several serve processes may share one database, each with its own data_dir " +
			"(its own search index, kept level with the store): exactly one of them runs the scheduler at a time " +
			"and another takes over within seconds when it dies. --role api serves only the API and the web page " +
			"(it never fetches on schedule); --role worker only runs the scheduler when elected (no HTTP listener).",
		Args: noArgs,
		RunE: e.runE(func(cmd *cobra.Command, _ []string) error { return runServe(cmd.Context(), e, listenAddr, role) }),
	}
	cmd.Flags().StringVar(&listenAddr, "listen", "", "`address` to listen on (default: listen from the config)")
	cmd.Flags().StringVar(&role, "role", roleAll, "what this process does: all, api (search only) or worker (scheduler only)")
	_ = cmd.RegisterFlagCompletionFunc("role", fixedValues(roles...))
	return cmd
}

// runServe runs the scheduler, the API and the web page until interrupted.
func runServe(ctx context.Context, e *env, listen, role string) error {
	if err := checkRole(role); err != nil {
		return err
	}
	if listen != "" {
		if err := config.CheckListen("--listen", listen); err != nil {
			return usageError{err.Error()}
		}
		e.cfg.Listen = listen
	}
	if len(e.cfg.Sources) == 0 && role != roleAPI {
		e.log.Warn("no sources configured: serve runs the API, the web page and the digests but fetches nothing; add a sources list to " + e.configName())
	}
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	a.role = role
	var ln net.Listener
	baseURL := a.cfg.API.BaseURL
	if role != roleWorker {
		if ln, err = net.Listen("tcp", e.cfg.Listen); err != nil {
			return err
		}
		baseURL = a.baseURL(ln)
	} else if baseURL == "" {
		baseURL = "http://" + e.cfg.Listen
	}
	digests, err := a.newDigests(baseURL)
	if err != nil {
		closeListener(ln) // the error being returned matters more
		return err
	}
	return a.serve(ctx, ln, e.cfg.Sources, digests, nil)
}

// newDigests builds the digest service; links in digests point at baseURL.
func (a *app) newDigests(baseURL string) (*digest.Service, error) {
	return digest.NewService(digest.Options{
		Digests: a.cfg.Digests, Store: a.db, Searcher: a.ix, BaseURL: baseURL, DataDir: a.cfg.DataDir, Log: a.log,
		OnDelivery: a.delivered,
	})
}

// baseURL is the public URL of the web page.
func (a *app) baseURL(ln net.Listener) string {
	if a.cfg.API.BaseURL != "" {
		return a.cfg.API.BaseURL
	}
	return "http://" + ln.Addr().String()
}

// serve runs the scheduler (sources and digests), the rule reloader and the
// HTTP server on ln until ctx is done. started, if set, is called once the
// server is about to accept connections.
func (a *app) serve(ctx context.Context, ln net.Listener, sources []govwire.Source, digests *digest.Service, started func()) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	srv := api.New(api.Config{
		Store:    a.db,
		Searcher: healthSearcher{a},
		Digests:  digests,
		Exporter: &export.Exporter{Store: a.db, Searcher: a.ix, Log: a.log},
		// Timelines and entity pages; the rules resolve entity aliases.
		Timelines:  a.ix,
		Classifier: a.rules,
		// A pass started by POST /v1/ingest runs as a job: its context
		// carries the job's progress and ends with serve's, not the
		// request's, so a client that hangs up does not cut it short.
		Ingest: func(jctx context.Context) (any, error) {
			jctx, cancel := context.WithCancel(jctx)
			defer cancel()
			defer context.AfterFunc(ctx, cancel)()
			return a.ingest(jctx, sources)
		},
		AdminToken: a.cfg.API.AdminToken,
		Tokens:     a.cfg.API.Tokens,
		Ruleset:    func() string { return a.rules.Current().Ruleset() },
		Ready:      a.ready,
		IndexLag:   a.indexLag,
		IndexStats: func() (uint64, int64) { s := a.ix.Stats(); return s.Docs, s.SizeBytes },
		Log:        a.log,
		// The review queue judges scores against the classifier's thresholds.
		QueueThresholds: queueThresholds,
	})
	a.metrics = srv.Metrics()
	a.metrics.Sources(sourceNames(a.cfg))
	a.rules.OnReload = a.reloaded
	check, err := a.newScheduler(sources, digests) // bad schedules fail now, not when elected
	if err != nil {
		closeListener(ln) // the error being returned matters more
		return err
	}
	_ = check.Stop(ctx) // never started: returns at once
	go a.rules.Run(ctx)
	go a.retryIndex(ctx, indexRetryInterval)
	go a.followChanges(ctx)
	var wg sync.WaitGroup
	if a.role != roleAPI {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a.runScheduler(ctx, sources, digests)
		}()
	}
	if ln != nil { // serves the API: read the store into the review queue now
		wg.Add(1)
		go func() {
			defer wg.Done()
			srv.WarmReviewQueue(ctx)
		}()
	}
	defer func() {
		cancel() // stops the scheduler, which waits for its running jobs
		wg.Wait()
	}()
	if started != nil {
		started()
	}
	if ln == nil { // a worker: no HTTP listener
		<-ctx.Done()
		return nil
	}
	return api.Serve(ctx, ln, srv.Handler(), a.log)
}

// ingest runs one pass now (POST /v1/ingest, demo); the OnSource hook
// counts it in the metrics.
func (a *app) ingest(ctx context.Context, sources []govwire.Source) (ingest.Summary, error) {
	return a.in.Run(ctx, sources)
}

// closeListener closes ln when there is one.
func closeListener(ln net.Listener) {
	if ln != nil {
		_ = ln.Close()
	}
}
