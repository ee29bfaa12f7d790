package main

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/demo"
)

// runDemo runs the whole product on the bundled offline sample: invented
// outlets served on loopback, one ingest pass, today's digest written to the
// data directory, then the scheduler, API and web page.
func runDemo(ctx context.Context, e *env, args []string) error {
	fs := e.newFlags("demo", "[--once] [--listen ADDR] [--data-dir DIR]")
	once := fs.Bool("once", false, "ingest the sample, print today's digest and exit")
	listen := fs.String("listen", "127.0.0.1:8080", "address of the web page (falls back to a free port if taken)")
	dataDir := fs.String("data-dir", "", "data directory: a new or empty folder, or one an earlier demo made (default: a fresh temporary folder)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	dir, err := demoDataDir(*dataDir)
	if err != nil {
		return err
	}
	srv, err := demo.Start(ctx, demo.Options{Log: e.log})
	if err != nil {
		return err
	}
	defer srv.Close()
	e.cfg.DataDir = dir
	e.cfg.RulesDir = ""
	e.cfg.Fetch = srv.FetchConfig()
	e.cfg.Sources = srv.Sources()
	e.cfg.Digests = []govwire.DigestConfig{{
		Name: "daily", Schedule: "0 7 * * *", TimeZone: "UTC", SendEmpty: true,
		Deliver: []govwire.DeliverConfig{{File: &govwire.FileDelivery{Dir: filepath.Join(dir, "digests"), Format: "md"}}},
	}}
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintf(e.stdout, "govwire demo: sample outlets on %s, data in %s\n", srv.URL(), dir)
	sum, err := a.ingest(ctx, e.cfg.Sources)
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
		ln.Close()
		return err
	}
	today := time.Now().UTC().Format(time.DateOnly)
	if _, err := digests.Deliver(ctx, "daily", today, false); err != nil {
		e.log.Error("deliver today's digest", "err", err)
	} else {
		fmt.Fprintf(e.stdout, "today's digest: %s\n", filepath.Join(dir, "digests", "daily-"+today+".md"))
	}
	if *once {
		ln.Close()
		d, err := digests.Build(ctx, "daily", today)
		if err != nil {
			return err
		}
		return digests.Render(e.stdout, d, "text")
	}
	return a.serve(ctx, ln, e.cfg.Sources, digests, func() {
		fmt.Fprintf(e.stdout, "\nopen %s in a browser (Ctrl-C to stop)\n", a.baseURL(ln))
	})
}
