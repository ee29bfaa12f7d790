package main

import (
	"github.com/spf13/cobra"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/classify"
)

// newClassifyCmd classifies JSON Lines documents from stdin to stdout.
func newClassifyCmd(e *env) *cobra.Command {
	var rulesDir string
	cmd := &cobra.Command{
		Use:   "classify [flags] < docs.jsonl > labels.jsonl",
		Short: "classify JSON Lines documents from stdin",
		Long: "classify reads JSON Lines on stdin (id, title, text, optional url and published) and writes one line\n" +
			"per input: id, on_topic, labels, scores, entities, evidence and the ruleset hash. A bad line gets an\n" +
			"error line with its id and line number; the rest go on (exit 2 at the end).",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("classify takes no arguments; it reads JSON Lines on stdin")
			}
			return nil
		},
		RunE: e.runE(func(cmd *cobra.Command, _ []string) error {
			eng, err := classify.Load(rulesDirOf(e, rulesDir))
			if err != nil {
				return err
			}
			bad, err := classify.ClassifyStream(cmd.Context(), eng, e.stdin, e.stdout)
			if err != nil {
				return err
			}
			if bad > 0 {
				return govwire.Errorf(govwire.EINVALID, "%d bad input lines (see the error lines in the output)", bad)
			}
			return nil
		}),
	}
	rulesFlag(cmd, &rulesDir)
	return cmd
}

// rulesFlag adds --rules DIR to cmd.
func rulesFlag(cmd *cobra.Command, dir *string) {
	cmd.Flags().StringVar(dir, "rules", "", "rule `directory` (default: config rules_dir, else the built-in rules)")
	_ = cmd.MarkFlagDirname("rules")
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
