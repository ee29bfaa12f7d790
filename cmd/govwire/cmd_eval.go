package main

import (
	"context"
	"encoding/json"
	"os"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/classify"
	"github.com/govwire/govwire/classify/quality"
)

// runEval measures a rule set against a gold file, or compares two.
func runEval(ctx context.Context, e *env, args []string) error {
	fs := e.newFlags("eval", "--gold FILE [--rules DIR] [--against DIR] [--json] [--max-errors N]\n\n"+
		"Scores the rules on a gold JSON Lines file (id, title, text, on_topic, labels): precision, recall and F1\n"+
		"per label and for on_topic, micro and macro F1, exact match, per-rule coverage/overlaps/conflicts/precision,\n"+
		"and every miss and false alarm with its evidence. With --against DIR, also scores the rules in DIR and\n"+
		"lists the items whose decisions differ between --rules (base) and --against (new), and by which rules.")
	goldPath := fs.String("gold", "", "gold file (JSON Lines), required")
	rulesDir := fs.String("rules", "", "rule directory (default: config rules_dir, else the built-in rules)")
	against := fs.String("against", "", "second rule directory to compare with --rules")
	asJSON := fs.Bool("json", false, "write the report as JSON")
	maxErrors := fs.Int("max-errors", 0, "list at most N errors in the text report (0: all)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *goldPath == "" || fs.NArg() > 0 {
		return usagef("eval needs --gold FILE and no arguments")
	}
	gold, err := readGoldFile(*goldPath)
	if err != nil {
		return err
	}
	base, err := classify.Load(rulesDirOf(e, *rulesDir))
	if err != nil {
		return err
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
	changes := quality.Diff(rep, nrep, gold)
	if *asJSON {
		return writeJSON(e, map[string]any{"base": rep, "new": nrep, "changes": changes})
	}
	return quality.WriteDiff(e.stdout, rep, nrep, changes)
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
