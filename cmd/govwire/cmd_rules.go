package main

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/classify"
	"github.com/govwire/govwire/classify/quality"
	"github.com/govwire/govwire/rules"
)

// rulesOptions are the flags of rules test and rules lint.
type rulesOptions struct {
	rulesDir                 string
	goldPaths, corpusPaths   []string
	asJSON, verbose, reviews bool
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
		newRulesSubCmd(e, "lint", "report rules without examples, labels no rule sets and, with --gold, rules fitted to the gold set"),
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
			"lint also reports rules without examples and labels no rule can set; with --gold (repeatable) it reports\n" +
			"rules that never fire on the gold items and warns about every multi-word term that fires on exactly one\n" +
			"gold item and on no other text: no other gold item and no text of the --corpus files (JSON Lines with\n" +
			"id, title, text; labels unused), e.g. classify/testdata/*.jsonl. Warnings do not fail the command; a\n" +
			"term quoted in its rule's or list's description is explained and listed only with --verbose.\n" +
			"Unknown keys, duplicate ids and other errors in rule files fail both, naming file, line and rule.",
		Args: noArgs,
		RunE: e.runE(func(cmd *cobra.Command, _ []string) error { return runRules(cmd.Context(), e, sub, o) }),
	}
	f := cmd.Flags()
	rulesFlag(cmd, &o.rulesDir)
	f.StringArrayVar(&o.goldPaths, "gold", nil, "lint: gold `file` for the never-fires and single-item-term checks (repeatable)")
	f.BoolVar(&o.reviews, "reviews", false, "lint: also use the store's reviewed articles as a gold set (as --gold does)")
	f.StringArrayVar(&o.corpusPaths, "corpus", nil, "lint: reference `file` of texts for the single-item-term check (repeatable)")
	f.BoolVar(&o.asJSON, "json", false, "write results as JSON")
	f.BoolVar(&o.verbose, "verbose", false, "test: list passing examples too; lint: list explained single-item terms too")
	_ = cmd.MarkFlagFilename("gold", "jsonl", "json")
	_ = cmd.MarkFlagFilename("corpus", "jsonl", "json")
	return cmd
}

// runRules runs "rules test" or "rules lint".
func runRules(ctx context.Context, e *env, sub string, o rulesOptions) error {
	rulesDir, asJSON, verbose := &o.rulesDir, &o.asJSON, &o.verbose
	eng, err := classify.Load(rulesDirOf(e, *rulesDir))
	if err != nil {
		return err
	}
	if sub == "test" {
		return rulesTest(e, eng, *asJSON, *verbose)
	}
	var reviewed []quality.GoldItem
	if o.reviews {
		if reviewed, err = reviewGold(ctx, e); err != nil {
			return err
		}
	}
	findings, err := lintFindings(eng, rulesDirOf(e, *rulesDir), o, reviewed)
	if err != nil {
		return err
	}
	if *asJSON {
		if err := writeJSON(e, findings); err != nil {
			return err
		}
	} else {
		for _, f := range findings {
			if f.Severity != quality.SeverityNote || *verbose {
				e.println(f)
			}
		}
		e.printf("%d rules: %d errors, %d warnings, %d explained terms (ruleset %s)\n", len(eng.Rules()),
			quality.Errors(findings), quality.Count(findings, quality.SeverityWarning),
			quality.Count(findings, quality.SeverityNote), eng.Ruleset())
	}
	if n := quality.Errors(findings); n > 0 {
		return govwire.Errorf(govwire.EINVALID, "%d lint errors", n)
	}
	return nil
}

// lintFindings lints eng, and with gold files also checks for terms fitted
// to a single gold item against the gold and --corpus texts.
// reviewed, when not empty, is one more gold corpus: the store's reviews.
func lintFindings(eng *classify.Engine, dir string, o rulesOptions, reviewed []quality.GoldItem) ([]quality.Finding, error) {
	read := func(paths []string) ([]quality.Corpus, []quality.GoldItem, error) {
		var cs []quality.Corpus
		var all []quality.GoldItem
		for _, p := range paths {
			items, err := readGoldFile(p)
			if err != nil {
				return nil, nil, err
			}
			cs = append(cs, quality.Corpus{Name: filepath.Base(p), Items: items})
			all = append(all, items...)
		}
		return cs, all, nil
	}
	gold, all, err := read(o.goldPaths)
	if err != nil {
		return nil, err
	}
	if len(reviewed) > 0 {
		gold = append(gold, quality.Corpus{Name: "reviews", Items: reviewed})
		all = append(all, reviewed...)
	}
	ref, _, err := read(o.corpusPaths)
	if err != nil {
		return nil, err
	}
	findings := quality.Lint(eng, all)
	if len(gold) == 0 {
		return findings, nil
	}
	var fsys fs.FS = rules.FS
	if dir != "" {
		fsys = os.DirFS(dir)
	}
	single, err := quality.SingleItemTerms(fsys, gold, ref)
	if err != nil {
		return nil, err
	}
	return append(findings, single...), nil
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
				e.println(r)
			}
		}
		e.printf("%d examples, %d failed, %d todo (ruleset %s)\n", len(results), len(fails), todo, eng.Ruleset())
	}
	if len(fails) > 0 {
		return govwire.Errorf(govwire.EINVALID, "%d rule examples failed", len(fails))
	}
	return nil
}
