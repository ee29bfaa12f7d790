// Command govwire watches the news about government cloud contracts: it
// pulls feeds, extracts and classifies articles, indexes them for search,
// builds daily digests and exports labelled corpora. Run "govwire help".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/config"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands is the table of subcommands; each lives in its own cmd_*.go file.
var commands = []command{
	{"serve", "run the scheduler, the API and the web page", runServe},
	{"demo", "run the whole product on a bundled offline sample", runDemo},
	{"ingest", "one pass over the sources now, then exit", runIngest},
	{"extract", "print the text extracted from one saved HTML page", runExtract},
	{"classify", "classify JSON Lines documents from stdin", runClassify},
	{"eval", "measure the rules against a gold file", runEval},
	{"rules", "test or lint rule files (rules test|lint)", runRules},
	{"search", "search the index from the command line", runSearch},
	{"digest", "print or deliver a digest", runDigest},
	{"export", "export a labelled corpus (jsonl, csv, parquet)", runExport},
	{"reindex", "rebuild the search index from the store", runReindex},
	{"reclassify", "recompute labels of stored articles with the current rules", runReclassify},
}

// env is what every command gets: standard streams, config and logger.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	configPath     string
	cfg            *config.Config
	log            *slog.Logger
}

// usageError marks bad usage: exit code 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run parses global flags, loads config and runs one command. It returns
// the exit code: 0 ok, 1 runtime failure, 2 bad usage or bad input.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("govwire", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "config file (default ./"+config.DefaultPath+" if present, else built-in defaults)")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error")
	fs.Usage = func() { printUsage(stderr, fs) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 || fs.Arg(0) == "help" {
		printUsage(stdout, fs)
		if fs.NArg() == 0 {
			return 2
		}
		return 0
	}
	name := fs.Arg(0)
	var cmd *command
	for i := range commands {
		if commands[i].name == name {
			cmd = &commands[i]
		}
	}
	if cmd == nil {
		fmt.Fprintf(stderr, "govwire: unknown command %q (run govwire help)\n", name)
		return 2
	}
	log, err := newLogger(stderr, *logLevel)
	if err != nil {
		fmt.Fprintf(stderr, "govwire: %v\n", err)
		return 2
	}
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, configPath: *configPath, log: log}
	if e.cfg, err = config.Load(*configPath); err != nil {
		fmt.Fprintf(stderr, "govwire: %v\n", govwire.ErrorMessage(err))
		return 2
	}
	return exitCode(stderr, name, cmd.run(ctx, e, fs.Args()[1:]))
}

// exitCode prints err and maps it to an exit code.
func exitCode(stderr io.Writer, name string, err error) int {
	var ue usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "govwire %s: %v\n", name, err)
		return 2
	case govwire.ErrorCode(err) == govwire.EINVALID:
		fmt.Fprintf(stderr, "govwire %s: %v\n", name, govwire.ErrorMessage(err))
		return 2
	default:
		fmt.Fprintf(stderr, "govwire %s: %v\n", name, err)
		return 1
	}
}

func printUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "govwire watches the news about government cloud contracts.\n\nUsage: govwire [--config FILE] COMMAND [flags] [args]\n\nCommands:\n")
	cs := append([]command(nil), commands...)
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nGlobal flags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprintf(w, "\nRun govwire COMMAND --help for a command's flags.\n")
}

// newFlags returns a flag set for a command whose --help prints usage and
// the flags to e.stderr.
func (e *env) newFlags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: govwire %s %s\n\nFlags:\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning a flag error into a usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}
