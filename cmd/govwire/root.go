package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/config"
)

// noConfig, set in a command's Annotations, skips loading the config
// (version, completion).
const noConfig = "govwire/no-config"

// newRootCmd builds the command tree. Each command lives in its own
// cmd_*.go file as a newXxxCmd constructor.
func newRootCmd(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "govwire",
		Short: "govwire watches the news about government cloud contracts",
		Long: "govwire watches the news about government cloud contracts: it pulls feeds on a schedule, extracts\n" +
			"and classifies articles (bid, award, protest, allegation), indexes them for search, builds daily\n" +
			"digests and exports labelled corpora.\n\n" +
			"Flags may come before or after the command and its arguments. Exit codes: 0 ok, 1 runtime failure,\n" +
			"2 bad usage or bad input.",
		SilenceErrors:     true,
		SilenceUsage:      true,
		PersistentPreRunE: e.setup,
	}
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err.Error()} })
	pf := root.PersistentFlags()
	pf.StringVar(&e.configPath, "config", "", "config `file` (default ./"+config.DefaultPath+" if present, else built-in defaults)")
	pf.StringVar(&e.logLevel, "log-level", "info", "log `level`: debug, info, warn or error")
	_ = root.RegisterFlagCompletionFunc("log-level", fixedValues("debug", "info", "warn", "error"))
	_ = root.MarkPersistentFlagFilename("config", "yaml", "yml")
	root.AddCommand(
		newServeCmd(e), newDemoCmd(e), newIngestCmd(e), newExtractCmd(e), newClassifyCmd(e), newEvalCmd(e),
		newRulesCmd(e), newSearchCmd(e), newDigestCmd(e), newExportCmd(e), newReindexCmd(e),
		newReclassifyCmd(e), newVersionCmd(e), newImportCmd(e), newMigrateCmd(e), newBackfillCmd(e),
		newReviewsCmd(e),
	)
	root.SetHelpCommand(newHelpCmd())
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			markNoConfig(c)
		}
	}
	return root
}

// newHelpCmd is "govwire help [COMMAND...]": cobra's, except that an
// unknown topic is a usage error (exit 2) rather than a usage page and 0.
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "help prints the usage of govwire, or of a command and its flags: govwire help search.",
		// Help never needs the config (a broken one must not hide the help).
		Annotations: map[string]string{noConfig: "true"},
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || len(rest) > 0 || cmd == nil {
				return usagef("unknown help topic %q (run govwire help for the commands)", strings.Join(args, " "))
			}
			return cmd.Help()
		},
		ValidArgsFunction: func(c *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			cmd, _, err := c.Root().Find(args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var names []string
			for _, sub := range cmd.Commands() {
				if sub.IsAvailableCommand() {
					names = append(names, sub.Name()+"\t"+sub.Short)
				}
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		},
	}
}

// markNoConfig marks c and its subcommands as not needing the config.
func markNoConfig(c *cobra.Command) {
	if c.Annotations == nil {
		c.Annotations = map[string]string{}
	}
	c.Annotations[noConfig] = "true"
	for _, s := range c.Commands() {
		markNoConfig(s)
	}
}

// setup runs before every command: it builds the logger and loads the
// config (unless the command is marked noConfig).
func (e *env) setup(cmd *cobra.Command, _ []string) error {
	log, err := newLogger(e.stderr, e.logLevel)
	if err != nil {
		return usageError{err.Error()}
	}
	e.log = log
	if cmd.Annotations[noConfig] != "" {
		return nil
	}
	if e.cfg, err = config.Load(e.configPath); err != nil {
		return err
	}
	for _, w := range e.cfg.Warnings {
		e.log.Warn("config: " + w)
	}
	return nil
}

// runE wraps a command's code: it marks the command as started (so that
// its errors are runtime errors unless they say otherwise).
func (e *env) runE(fn func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		e.ran = true
		return fn(cmd, args)
	}
}

// usageError marks bad usage: exit code 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// noArgs refuses positional arguments.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	return nil
}

// exitCode prints err and maps it to an exit code: errors before the
// command ran (flags, arguments, unknown command, config) and EINVALID
// errors are bad usage or input (2), the rest runtime failures (1).
func exitCode(e *env, cmd *cobra.Command, err error) int {
	if err == nil {
		return 0
	}
	name := "govwire"
	if cmd != nil {
		name = cmd.CommandPath()
	}
	var ue usageError
	switch {
	case errors.As(err, &ue) || !e.ran && govwire.ErrorCode(err) != govwire.EINVALID:
		e.errorf("%s: %v\n", name, err)
		if cmd != nil {
			e.errorf("Run '%s --help' for usage.\n", name)
		}
		return 2
	case !e.ran || govwire.ErrorCode(err) == govwire.EINVALID:
		e.errorf("%s: %v\n", name, govwire.ErrorMessage(err))
		return 2
	default:
		e.errorf("%s: %v\n", name, err)
		return 1
	}
}

// fixedValues completes a flag from a fixed list.
func fixedValues(vals ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return vals, cobra.ShellCompDirectiveNoFileComp
	}
}

// longFlagsCompat rewrites the Go-style single-dash long flags that the
// first versions accepted (-json, -config=x) to --json, --config=x when
// the name is a flag of some command, so old scripts keep working. It
// leaves "-x" shorthands, values of flags, and everything after "--" alone
// (a search for "-oracle" is not a flag name and stays a query term).
func longFlagsCompat(root *cobra.Command, args []string) []string {
	known := map[string]bool{"help": false} // name -> takes a value; cobra adds --help later
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		visit := func(f *pflag.Flag) { known[f.Name] = f.NoOptDefVal == "" }
		c.LocalFlags().VisitAll(visit)
		c.PersistentFlags().VisitAll(visit)
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(root)
	out := make([]string, 0, len(args))
	skipValue := false
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if skipValue {
			skipValue = false
			out = append(out, a)
			continue
		}
		if strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && len(a) > 2 {
			name, _, hasValue := strings.Cut(a[1:], "=")
			if takesValue, ok := known[name]; ok {
				a = "-" + a
				skipValue = takesValue && !hasValue
			}
		} else if strings.HasPrefix(a, "--") {
			name, _, hasValue := strings.Cut(a[2:], "=")
			skipValue = known[name] && !hasValue
		}
		out = append(out, a)
	}
	return out
}

// completeNames completes a flag with names from the config (sources,
// digests); a config that does not load completes nothing.
func (e *env) completeNames(names func(*config.Config) []string) ([]string, cobra.ShellCompDirective) {
	c, err := config.Load(e.configPath)
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return names(c), cobra.ShellCompDirectiveNoFileComp
}

// sourceNames lists the configured sources' names.
func sourceNames(c *config.Config) (names []string) {
	for _, s := range c.Sources {
		names = append(names, s.Name)
	}
	return names
}
