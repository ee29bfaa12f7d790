package main

import (
	"fmt"
	"io"
)

// outWriter is the commands' stdout. It remembers the first write error,
// so that output lost to a full disk or a closed file makes the command
// fail (exit 1) instead of vanishing; after an error it writes nothing.
type outWriter struct {
	w   io.Writer
	err error
}

// Write writes p unless an earlier write failed.
func (o *outWriter) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	if err != nil {
		o.err = err
	}
	return n, err
}

// printf writes to stdout; a write error is kept by the outWriter and
// reported when the command ends.
func (e *env) printf(format string, args ...any) {
	_, _ = fmt.Fprintf(e.stdout, format, args...)
}

// println writes its arguments and a newline to stdout, as printf.
func (e *env) println(args ...any) {
	_, _ = fmt.Fprintln(e.stdout, args...)
}

// errorf writes to stderr; there is nowhere left to report its failure.
func (e *env) errorf(format string, args ...any) {
	_, _ = fmt.Fprintf(e.stderr, format, args...)
}

// closeLogged closes c and logs a failure: for deferred closes of things
// the command wrote through, whose error would otherwise be lost.
func (e *env) closeLogged(what string, c io.Closer) {
	if err := c.Close(); err != nil && e.log != nil {
		e.log.Error("close "+what, "err", err)
	}
}
