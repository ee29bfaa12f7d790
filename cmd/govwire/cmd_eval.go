package main

import (
	"context"
	"encoding/json"
	"os"

	"github.com/spf13/cobra"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/classify"
	"github.com/govwire/govwire/classify/quality"
)

// evalOptions are eval's flags.
type evalOptions struct {
	goldPath, rulesDir, against string
	asJSON, reviews             bool
	maxErrors, folds            int
}

// newEvalCmd measures a rule set against a gold file, or compares two.
func newEvalCmd(e *env) *cobra.Command {
	var o evalOptions
	cmd := &cobra.Command{
		Use:   "eval --gold FILE | --reviews [flags]",
		Short: "measure the rules against a gold file or the reviewed articles",
		Long: "Scores the rules on a gold JSON Lines file (id, title, text, on_topic, labels): precision, recall and F1\n" +
			"per label and for on_topic, micro and macro F1, exact match, per-rule coverage/overlaps/conflicts/precision,\n" +
			"and every miss and false alarm with its evidence. With --against DIR, also scores the rules in DIR and\n" +
			"lists the items whose decisions differ between --rules (base) and --against (new), each decision a rule\n" +
			"change fixed or broke (per item and label), and per rule what it fixed and broke. With --folds N, splits\n" +
			"the gold items into N folds by a hash of their ids and reports F1 per fold and its spread: the rules are\n" +
			"fixed, so the spread says how far a score on a set of this size can be trusted. With --reviews instead of\n" +
			"--gold, the gold items are the store's reviewed articles with their latest review (what reviews export\n" +
			"writes), so a rule change can be checked against what reviewers decided.",
		Args: noArgs,
		RunE: e.runE(func(cmd *cobra.Command, _ []string) error { return runEval(cmd.Context(), e, o) }),
	}
	f := cmd.Flags()
	f.StringVar(&o.goldPath, "gold", "", "gold `file` (JSON Lines); this or --reviews is required")
	f.BoolVar(&o.reviews, "reviews", false, "measure against the store's reviewed articles instead of a gold file")
	rulesFlag(cmd, &o.rulesDir)
	f.StringVar(&o.against, "against", "", "second rule `directory` to compare with --rules")
	f.BoolVar(&o.asJSON, "json", false, "write the report as JSON")
	f.IntVar(&o.maxErrors, "max-errors", 0, "list at most `N` errors in the text report (0: all)")
	f.IntVar(&o.folds, "folds", 0, "report F1 on each of `N` folds of the gold items and its spread")
	_ = cmd.MarkFlagFilename("gold", "jsonl", "json")
	_ = cmd.MarkFlagDirname("against")
	return cmd
}

// runEval measures a rule set against a gold file, or compares two.
func runEval(ctx context.Context, e *env, o evalOptions) error {
	rulesDir, against, asJSON, maxErrors := &o.rulesDir, &o.against, &o.asJSON, &o.maxErrors
	gold, err := evalGold(ctx, e, o)
	if err != nil {
		return err
	}
	base, err := classify.Load(rulesDirOf(e, *rulesDir))
	if err != nil {
		return err
	}
	if o.folds != 0 {
		return evalFolds(e, base, gold, o)
	}
	rep := quality.Evaluate(base, gold)
	if *against == "" {
		if *asJSON {
			return writeJSON(e, rep)
		}
		return quality.WriteReport(e.stdout, rep, *maxErrors)
	}
	next, err := classify.Load(*against)
	if err != nil {
		return err
	}
	nrep := quality.Evaluate(next, gold)
	c := quality.Compare(rep, nrep, gold)
	if *asJSON {
		return writeJSON(e, map[string]any{"base": rep, "new": nrep, "changes": c.Items, "labels": c.Labels, "rules": c.Rules})
	}
	return quality.WriteComparison(e.stdout, rep, nrep, c)
}

// evalGold reads the gold items: the --gold file, or with --reviews the
// store's reviewed articles.
func evalGold(ctx context.Context, e *env, o evalOptions) ([]quality.GoldItem, error) {
	switch {
	case o.reviews && o.goldPath != "":
		return nil, usagef("eval: --gold and --reviews do not go together")
	case o.reviews:
		return reviewGold(ctx, e)
	case o.goldPath == "":
		return nil, usagef("eval needs --gold FILE or --reviews")
	}
	return readGoldFile(o.goldPath)
}

// evalFolds reports the k-fold scores of the rules on gold.
func evalFolds(e *env, eng *classify.Engine, gold []quality.GoldItem, o evalOptions) error {
	if o.against != "" {
		return usagef("eval: --folds and --against do not go together")
	}
	rep, err := quality.Folds(eng, gold, o.folds)
	if err != nil {
		return err
	}
	if o.asJSON {
		return writeJSON(e, rep)
	}
	return quality.WriteFolds(e.stdout, rep)
}

func readGoldFile(path string) ([]quality.GoldItem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, govwire.Errorf(govwire.EINVALID, "gold file %s: %v", path, err)
	}
	defer f.Close()
	gold, err := quality.ReadGold(f)
	if err != nil {
		return nil, govwire.Errorf(govwire.EINVALID, "%s: %s", path, govwire.ErrorMessage(err))
	}
	return gold, nil
}

func writeJSON(e *env, v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
