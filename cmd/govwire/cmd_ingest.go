package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/ingest"
)

// newIngestCmd makes one pass over the configured sources.
func newIngestCmd(e *env) *cobra.Command {
	var only string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "ingest [flags]",
		Short: "one pass over the sources now, then exit",
		Long: "ingest fetches every configured source (or one, with --source) now, stores, classifies and indexes\n" +
			"what is new, and prints a summary (--json: one object with sources, fetched, new, updated, unchanged,\n" +
			"failed and errors). It exits 1 when every source failed.",
		Args: noArgs,
		RunE: e.runE(func(cmd *cobra.Command, _ []string) error { return runIngest(cmd.Context(), e, only, asJSON) }),
	}
	cmd.Flags().StringVar(&only, "source", "", "ingest only the source with this `name` (ignores its backoff)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the summary as one JSON object")
	_ = cmd.RegisterFlagCompletionFunc("source", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return e.completeNames(sourceNames)
	})
	return cmd
}

// runIngest makes one pass over the configured sources (or only one) and
// prints a summary.
func runIngest(ctx context.Context, e *env, only string, asJSON bool) error {
	sources := e.cfg.Sources
	if only != "" {
		sources = nil
		for _, s := range e.cfg.Sources {
			if s.Name == only {
				sources = append(sources, s)
			}
		}
		if len(sources) == 0 {
			return usagef("--source: no source named %q in the config", only)
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
	if only != "" {
		sum, err = a.in.RunSource(ctx, sources[0], true)
	} else {
		sum, err = a.in.Run(ctx, sources)
	}
	if err != nil {
		return err
	}
	if asJSON {
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
	if _, ierr := a.health.failing(); ierr != nil { // the store has the articles; the index catches up later
		return fmt.Errorf("the articles are stored, but the search index could not be updated (it catches up on the next run): %w", ierr)
	}
	return nil
}

func printSummary(e *env, s ingest.Summary) {
	e.printf("sources %d  fetched %d  new %d  updated %d  unchanged %d  failed %d\n",
		s.Sources, s.Fetched, s.New, s.Updated, s.Unchanged, s.Failed)
	for _, er := range s.Errors {
		e.printf("  %s: %s: %s\n", er.Source, er.URL, er.Error)
	}
}

// configName names the config file in messages.
func (e *env) configName() string {
	if e.configPath != "" {
		return e.configPath
	}
	return "govwire.yaml"
}
