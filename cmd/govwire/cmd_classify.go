package main

import (
	"context"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/classify"
)

// runClassify classifies JSON Lines documents from stdin to stdout.
func runClassify(ctx context.Context, e *env, args []string) error {
	fs := e.newFlags("classify", "[--rules DIR] < docs.jsonl > labels.jsonl")
	rulesDir := fs.String("rules", "", "rule directory (default: config rules_dir, else the built-in rules)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("classify takes no arguments; it reads JSON Lines on stdin")
	}
	eng, err := classify.Load(rulesDirOf(e, *rulesDir))
	if err != nil {
		return err
	}
	bad, err := classify.ClassifyStream(ctx, eng, e.stdin, e.stdout)
	if err != nil {
		return err
	}
	if bad > 0 {
		return govwire.Errorf(govwire.EINVALID, "%d bad input lines (see the error lines in the output)", bad)
	}
	return nil
}

// rulesDirOf picks the rule directory: the flag, else the config's.
func rulesDirOf(e *env, flagDir string) string {
	if flagDir != "" {
		return flagDir
	}
	if e.cfg != nil {
		return e.cfg.RulesDir
	}
	return ""
}
