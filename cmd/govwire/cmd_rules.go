package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/classify"
	"github.com/govwire/govwire/classify/quality"
)

// runRules runs "rules test" or "rules lint".
func runRules(ctx context.Context, e *env, args []string) error {
	const usage = "test|lint [--rules DIR] [--gold FILE] [--json]"
	if len(args) > 0 && (args[0] == "--help" || args[0] == "-help" || args[0] == "-h") {
		fmt.Fprintf(e.stderr, "Usage: govwire rules %s\n\nRun govwire rules test --help or govwire rules lint --help for the flags.\n", usage)
		return flag.ErrHelp
	}
	if len(args) == 0 || (args[0] != "test" && args[0] != "lint") {
		return usagef("usage: govwire rules %s", usage)
	}
	sub := args[0]
	fs := e.newFlags("rules "+sub, "[--rules DIR] [--gold FILE] [--json] [--verbose]\n\n"+
		"test runs the examples written inside the rule files (match, no_match, todo);\n"+
		"lint also reports rules without examples and, with --gold, rules that never fire on the gold set.\n"+
		"Unknown keys, duplicate ids and other errors in rule files fail both, naming file, line and rule.")
	rulesDir := fs.String("rules", "", "rule directory (default: config rules_dir, else the built-in rules)")
	goldPath := fs.String("gold", "", "gold file for lint's never-fires check")
	asJSON := fs.Bool("json", false, "write results as JSON")
	verbose := fs.Bool("verbose", false, "test: list passing examples too")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	eng, err := classify.Load(rulesDirOf(e, *rulesDir))
	if err != nil {
		return err
	}
	if sub == "test" {
		return rulesTest(e, eng, *asJSON, *verbose)
	}
	var gold []quality.GoldItem
	if *goldPath != "" {
		if gold, err = readGoldFile(*goldPath); err != nil {
			return err
		}
	}
	findings := quality.Lint(eng, gold)
	if *asJSON {
		if err := writeJSON(e, findings); err != nil {
			return err
		}
	} else {
		for _, f := range findings {
			fmt.Fprintln(e.stdout, f)
		}
		fmt.Fprintf(e.stdout, "%d rules, %d findings (ruleset %s)\n", len(eng.Rules()), len(findings), eng.Ruleset())
	}
	if len(findings) > 0 {
		return govwire.Errorf(govwire.EINVALID, "%d lint findings", len(findings))
	}
	return nil
}

func rulesTest(e *env, eng *classify.Engine, asJSON, verbose bool) error {
	results := eng.TestExamples()
	fails := classify.ExampleFailures(results)
	if asJSON {
		if err := writeJSON(e, results); err != nil {
			return err
		}
	} else {
		todo := 0
		for _, r := range results {
			if r.Kind == "todo" {
				todo++
			}
			if verbose || !r.Passed || r.Kind == "todo" {
				fmt.Fprintln(e.stdout, r)
			}
		}
		fmt.Fprintf(e.stdout, "%d examples, %d failed, %d todo (ruleset %s)\n", len(results), len(fails), todo, eng.Ruleset())
	}
	if len(fails) > 0 {
		return govwire.Errorf(govwire.EINVALID, "%d rule examples failed", len(fails))
	}
	return nil
}
