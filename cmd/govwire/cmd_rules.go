package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/classify"
	"github.com/govwire/govwire/classify/quality"
)

// rulesOptions are the flags of rules test and rules lint.
type rulesOptions struct {
	rulesDir, goldPath string
	asJSON, verbose    bool
}

// newRulesCmd groups "rules test" and "rules lint".
func newRulesCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules test|lint",
		Short: "test or lint rule files (rules test|lint)",
		Long: "Unknown keys, duplicate ids and other errors in rule files fail both subcommands, naming file, line\n" +
			"and rule.",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown command %q for %q (want test or lint)", args[0], cmd.CommandPath())
			}
			return cmd.Help()
		},
	}
	cmd.AddCommand(
		newRulesSubCmd(e, "test", "run the examples written inside the rule files (match, no_match, todo)"),
		newRulesSubCmd(e, "lint", "report rules without examples and, with --gold, rules that never fire on the gold set"),
	)
	return cmd
}

// newRulesSubCmd builds "rules test" or "rules lint".
func newRulesSubCmd(e *env, sub, short string) *cobra.Command {
	var o rulesOptions
	cmd := &cobra.Command{
		Use:   sub + " [flags]",
		Short: short,
		Long: "test runs the examples written inside the rule files (match, no_match, todo);\n" +
			"lint also reports rules without examples and, with --gold, rules that never fire on the gold set.\n" +
			"Unknown keys, duplicate ids and other errors in rule files fail both, naming file, line and rule.",
		Args: noArgs,
		RunE: e.runE(func(*cobra.Command, []string) error { return runRules(e, sub, o) }),
	}
	f := cmd.Flags()
	rulesFlag(cmd, &o.rulesDir)
	f.StringVar(&o.goldPath, "gold", "", "gold `file` for lint's never-fires check")
	f.BoolVar(&o.asJSON, "json", false, "write results as JSON")
	f.BoolVar(&o.verbose, "verbose", false, "test: list passing examples too")
	_ = cmd.MarkFlagFilename("gold", "jsonl", "json")
	return cmd
}

// runRules runs "rules test" or "rules lint".
func runRules(e *env, sub string, o rulesOptions) error {
	rulesDir, goldPath, asJSON, verbose := &o.rulesDir, &o.goldPath, &o.asJSON, &o.verbose
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
