package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/demo"
)

// demoOptions are demo's flags.
type demoOptions struct {
	once    bool
	listen  string
	dataDir string
}

// newDemoCmd runs the whole product on the bundled offline sample.
func newDemoCmd(e *env) *cobra.Command {
	var o demoOptions
	cmd := &cobra.Command{
		Use:   "demo [flags]",
		Short: "run the whole product on a bundled offline sample",
		Long: "demo serves invented outlets on loopback, ingests them once, writes today's digest to the data\n" +
			"directory, then runs the scheduler, the API and the web page (or, with --once, prints the digest and exits).",
		Args: noArgs,
		RunE: e.runE(func(cmd *cobra.Command, _ []string) error { return runDemo(cmd.Context(), e, o) }),
	}
	f := cmd.Flags()
	f.BoolVar(&o.once, "once", false, "ingest the sample, print today's digest and exit")
	f.StringVar(&o.listen, "listen", "127.0.0.1:8080", "`address` of the web page (falls back to a free port if taken)")
	f.StringVar(&o.dataDir, "data-dir", "", "data `directory`: a new or empty folder, or one an earlier demo made (default: a fresh temporary folder)")
	_ = cmd.MarkFlagDirname("data-dir")
	return cmd
}

// runDemo runs the whole product on the bundled offline sample: invented
// outlets served on loopback, one ingest pass, today's digest written to the
// data directory, then the scheduler, API and web page.
func runDemo(ctx context.Context, e *env, o demoOptions) error {
	once, listen := &o.once, &o.listen
	dir, temporary, err := demoDataDir(o.dataDir)
	if err != nil {
		return err
	}
	where := dir
	if temporary {
		// Deferred first, so it runs last: after the store, index and
		// servers below have closed their files.
		defer func() {
			if err := os.RemoveAll(dir); err != nil {
				e.log.Warn("remove the demo's temporary folder", "dir", dir, "err", err)
			}
		}()
		where = dir + " (temporary: removed when demo exits; keep the data with --data-dir DIR)"
	}
	srv, err := demo.Start(ctx, demo.Options{Log: e.log})
	if err != nil {
		return err
	}
	defer e.closeLogged("demo server", srv)
	e.cfg.DataDir = dir
	e.cfg.RulesDir = ""
	e.cfg.Fetch = srv.FetchConfig()
	e.cfg.Sources = srv.Sources()
	e.cfg.Digests = []govwire.DigestConfig{{
		Name: "daily", Schedule: "0 7 * * *", TimeZone: "UTC", SendEmpty: true,
		Deliver: []govwire.DeliverConfig{{File: &govwire.FileDelivery{Dir: filepath.Join(dir, "digests"), Format: "md"}}},
	}}
	clock := &demoClock{}
	e.ingestNow, e.articleID = clock.now, srv.ArticleID
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	e.printf("govwire demo: sample outlets on %s, data in %s\n", srv.URL(), where)
	days, err := a.replayHistory(ctx, srv, clock, e.cfg.Sources)
	if err != nil {
		return err
	}
	e.printf("replayed the sample's past days in %d passes, then today:\n", days)
	sum, err := a.forcePass(ctx, e.cfg.Sources)
	if err != nil {
		return err
	}
	printSummary(e, sum)
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		if ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			return err
		}
	}
	digests, err := a.newDigests(a.baseURL(ln))
	if err != nil {
		_ = ln.Close() // already failing, or --once: nothing was served
		return err
	}
	today := time.Now().UTC().Format(time.DateOnly)
	if _, err := digests.Deliver(ctx, "daily", today, false); err != nil {
		e.log.Error("deliver today's digest", "err", err)
	} else {
		e.printf("today's digest: %s\n", filepath.Join(dir, "digests", "daily-"+today+".md"))
	}
	if *once {
		_ = ln.Close() // already failing, or --once: nothing was served
		d, err := digests.Build(ctx, "daily", today)
		if err != nil {
			return err
		}
		return digests.Render(e.stdout, d, "text")
	}
	return a.serve(ctx, ln, e.cfg.Sources, digests, func() {
		e.printf("\nopen %s in a browser (Ctrl-C to stop)\n", a.baseURL(ln))
	})
}
