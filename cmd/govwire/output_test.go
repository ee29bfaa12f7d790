package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// failWriter fails every write, as stdout on a full disk does.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestOutputWriteErrorsFail checks that output lost to a failing stdout
// makes the command fail with exit 1 and says why, instead of exit 0.
func TestOutputWriteErrorsFail(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"completion", "bash"}, {"search", "--help"}, {"version"}} {
		var errb bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(""), failWriter{}, &errb)
		if code != 1 || !strings.Contains(errb.String(), "no space left on device") {
			t.Errorf("%v to a failing stdout: exit %d, stderr %q; want exit 1 naming the error", args, code, errb.String())
		}
	}
}
