package classify

import (
	"bytes"
	"context"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govwire/govwire/rules"
)

// syncBuffer is a log sink safe for the reloader's goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// copyRules writes the built-in rule files into a new directory.
func copyRules(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	names, _ := fs.Glob(rules.FS, "*.yaml")
	for _, n := range names {
		data, err := fs.ReadFile(rules.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestReloader edits real rule files: a good edit is swapped in, a broken
// one and one whose examples fail are refused with a logged reason.
func TestReloader(t *testing.T) {
	dir := copyRules(t)
	logs := &syncBuffer{}
	r, err := NewReloader(dir, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	r.PollInterval, r.Debounce = 50*time.Millisecond, 20*time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	first := r.Ruleset()
	extra := filepath.Join(dir, "extra.yaml")
	good := "rules:\n  - id: extra.one\n    label: bid\n    version: 1\n    description: added\n    match: [call for pitches]\n    examples:\n      match: [a call for pitches went out]\n"
	if err := writeAtomic(extra, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "good rules swapped in", func() bool { return r.Ruleset() != first })
	second := r.Ruleset()

	if err := writeAtomic(extra, []byte(good+"    bogus: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "broken rules refused", func() bool { return strings.Contains(logs.String(), "unknown") })
	badExample := strings.Replace(good, "a call for pitches went out", "nothing relevant here", 1)
	if err := writeAtomic(extra, []byte(badExample), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "failing examples refused", func() bool { return strings.Contains(logs.String(), "examples fail") })
	if r.Ruleset() != second {
		t.Errorf("ruleset changed to %s after bad edits, want %s kept", r.Ruleset(), second)
	}
	if !slices.ContainsFunc(r.Current().Rules(), func(ri RuleInfo) bool { return ri.ID == "extra.one" && ri.File == "extra.yaml" }) {
		t.Error("current rules lack the good edit")
	}
}

// writeAtomic writes a file the way careful editors save: a temporary file
// renamed over the old one, so the watcher never sees half a file.
func writeAtomic(path string, data []byte, perm os.FileMode) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, perm); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func readT(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestReloadKeepsLabels empties a rule file, as `: > rules/protest.yaml`
// does while serving, and then deprecates every rule of a label: both
// sets load and pass their examples, but can no longer set a label the
// current rules set, so the reload is refused with the reason logged.
func TestReloadKeepsLabels(t *testing.T) {
	for _, tc := range []struct {
		name, file, label string
		edit              func(string) string
	}{
		{"emptied file", "protest.yaml", "protest", func(string) string { return "" }},
		{"all deprecated", "allegation.yaml", "allegation", func(s string) string {
			s = strings.ReplaceAll(s, "status: stable", "status: deprecated")
			return strings.ReplaceAll(s, "status: test", "status: deprecated")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyRules(t)
			logs := &syncBuffer{}
			r, err := NewReloader(dir, slog.New(slog.NewTextHandler(logs, nil)))
			if err != nil {
				t.Fatal(err)
			}
			before := r.Ruleset()
			path := filepath.Join(dir, tc.file)
			if err := os.WriteFile(path, []byte(tc.edit(readT(t, path))), 0o644); err != nil {
				t.Fatal(err)
			}
			if e, err := Load(dir); err != nil || e.CheckExamples() != nil {
				t.Fatalf("the edited set should load and pass its examples: %v", err)
			}
			if r.reload() {
				t.Fatal("reload swapped in rules that cannot set " + tc.label)
			}
			if r.Ruleset() != before {
				t.Errorf("ruleset %s, want %s kept", r.Ruleset(), before)
			}
			if want := "cannot set " + tc.label; !strings.Contains(logs.String(), want) {
				t.Errorf("log does not say %q:\n%s", want, logs.String())
			}
		})
	}
}
