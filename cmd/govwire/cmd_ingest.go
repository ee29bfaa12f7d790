package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/ingest"
)

// runIngest makes one pass over the configured sources and prints a summary.
func runIngest(ctx context.Context, e *env, args []string) error {
	fs := e.newFlags("ingest", "[--source NAME] [--json]")
	only := fs.String("source", "", "ingest only the source with this name (ignores its backoff)")
	asJSON := fs.Bool("json", false, "print the summary as one JSON object")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	sources := e.cfg.Sources
	if *only != "" {
		sources = nil
		for _, s := range e.cfg.Sources {
			if s.Name == *only {
				sources = append(sources, s)
			}
		}
		if len(sources) == 0 {
			return usagef("--source: no source named %q in the config", *only)
		}
	}
	if len(sources) == 0 {
		return govwire.Errorf(govwire.EINVALID, "no sources configured: add a sources list to %s (see README)", e.configName())
	}
	a, err := openApp(ctx, e, true)
	if err != nil {
		return err
	}
	defer a.Close()
	var sum ingest.Summary
	if *only != "" {
		sum, err = a.in.RunSource(ctx, sources[0], true)
	} else {
		sum, err = a.in.Run(ctx, sources)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		if err := enc.Encode(sum); err != nil {
			return err
		}
	} else {
		printSummary(e, sum)
	}
	if sum.Sources > 0 && sum.Failed == sum.Sources {
		return fmt.Errorf("every source failed")
	}
	return nil
}

func printSummary(e *env, s ingest.Summary) {
	fmt.Fprintf(e.stdout, "sources %d  fetched %d  new %d  updated %d  unchanged %d  failed %d\n",
		s.Sources, s.Fetched, s.New, s.Updated, s.Unchanged, s.Failed)
	for _, er := range s.Errors {
		fmt.Fprintf(e.stdout, "  %s: %s: %s\n", er.Source, er.URL, er.Error)
	}
}

// configName names the config file in messages.
func (e *env) configName() string {
	if e.configPath != "" {
		return e.configPath
	}
	return "govwire.yaml"
}
