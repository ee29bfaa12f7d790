// Command govwire watches the news about government cloud contracts: it
// pulls feeds, extracts and classifies articles, indexes them for search,
// builds daily digests and exports labelled corpora. Run "govwire help".
package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"
	// Digest time zones work on minimal images with no zoneinfo files.
	_ "time/tzdata"

	"github.com/govwire/govwire/config"
)

// env is what every command gets: standard streams, the global flags, and
// the config and logger that the root command sets up before a command runs.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	configPath     string // --config
	logLevel       string // --log-level
	cfg            *config.Config
	log            *slog.Logger
	// ran is set once a command's own code starts: an error before that
	// (flags, arguments, config) is bad usage, exit 2.
	ran bool
	// ingestNow and articleID, when set, replace the ingester's clock and
	// article ids (the demo replays its sample's past days with stable ids).
	ingestNow func() time.Time
	articleID func(canonicalURL string) string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run parses the command line, loads the config and runs one command. It
// returns the exit code: 0 ok, 1 runtime failure, 2 bad usage or bad input.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	out := &outWriter{w: stdout}
	e := &env{stdin: stdin, stdout: out, stderr: stderr}
	root := newRootCmd(e)
	root.SetArgs(longFlagsCompat(root, args))
	cmd, err := root.ExecuteContextC(ctx)
	if out.err != nil { // output lost: a runtime failure, whatever else happened
		e.errorf("govwire: write output: %v\n", out.err)
		return 1
	}
	return exitCode(e, cmd, err)
}
