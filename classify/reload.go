package classify

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/govwire/govwire"
)

// Reloader holds the current Engine and swaps in a new one when the rule
// files of its directory change, but only if the new rules load, pass
// their own examples and can still set every label the current rules can;
// a bad edit keeps the old rules and logs why. It is a
// govwire.Classifier that always uses the current rules.
type Reloader struct {
	dir string
	log *slog.Logger
	cur atomic.Pointer[Engine]
	sig string
	// PollInterval is how often Run also checks the files itself, for file
	// systems where change notification does not work. Set it before Run.
	PollInterval time.Duration
	// Debounce is how long Run waits after a change event before reloading,
	// so that an editor's several writes make one reload.
	Debounce time.Duration
	// OnReload, if set, is called each time the rule files change, with
	// "ok" (new rules in force), "rejected" (the old rules kept) or
	// "unchanged" (same rule set). Set it before Run.
	OnReload func(result string)
}

var _ govwire.Classifier = (*Reloader)(nil)

// NewReloader loads the rules of dir ("" means the built-in rules, which
// never change) and checks their examples.
func NewReloader(dir string, log *slog.Logger) (*Reloader, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e, err := Load(dir)
	if err != nil {
		return nil, err
	}
	if err := e.CheckExamples(); err != nil {
		return nil, err
	}
	r := &Reloader{dir: dir, log: log, PollInterval: 5 * time.Second, Debounce: 200 * time.Millisecond}
	r.cur.Store(e)
	r.sig = dirSignature(dir)
	return r, nil
}

// Current returns the rules in force.
func (r *Reloader) Current() *Engine { return r.cur.Load() }

// Classify classifies d with the current rules.
func (r *Reloader) Classify(d govwire.Document) govwire.Classification {
	return r.Current().Classify(d)
}

// Ruleset returns the hash of the current rules.
func (r *Reloader) Ruleset() string { return r.Current().Ruleset() }

// Run watches the rule directory until ctx ends, reloading on change.
func (r *Reloader) Run(ctx context.Context) {
	if r.dir == "" {
		<-ctx.Done()
		return
	}
	var events <-chan fsnotify.Event
	var errs <-chan error
	w, err := fsnotify.NewWatcher()
	if err == nil {
		if err = w.Add(r.dir); err != nil {
			w.Close()
		}
	}
	if err != nil {
		r.log.Warn("rules watch unavailable, polling instead", "dir", r.dir, "error", err)
	} else {
		defer w.Close()
		events, errs = w.Events, w.Errors
	}
	poll := time.NewTicker(r.PollInterval)
	defer poll.Stop()
	debounce := time.NewTimer(time.Hour)
	debounce.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-events:
			if strings.HasSuffix(ev.Name, ".yaml") {
				debounce.Reset(r.Debounce)
			}
		case err := <-errs:
			r.log.Warn("rules watch error", "dir", r.dir, "error", err)
		case <-debounce.C:
			r.reload()
		case <-poll.C:
			r.reload()
		}
	}
}

// reload loads the rules again if the files changed and swaps them in if
// they are good. It reports whether it swapped.
func (r *Reloader) reload() bool {
	sig := dirSignature(r.dir)
	if sig == r.sig {
		return false
	}
	r.sig = sig
	old := r.Current()
	e, err := Load(r.dir)
	if err == nil {
		err = e.CheckExamples()
	}
	if err == nil {
		err = lostLabels(old, e)
	}
	if err != nil {
		r.log.Error("rules reload rejected, keeping the old rules", "dir", r.dir, "ruleset", old.Ruleset(), "error", govwire.ErrorMessage(err))
		r.reloaded("rejected")
		return false
	}
	if e.Ruleset() == old.Ruleset() {
		r.reloaded("unchanged")
		return false
	}
	r.cur.Store(e)
	r.reloaded("ok")
	r.log.Info("rules reloaded", "dir", r.dir, "old_ruleset", old.Ruleset(), "ruleset", e.Ruleset(), "rules", len(e.rules))
	return true
}

// reloaded calls the OnReload hook.
func (r *Reloader) reloaded(result string) {
	if r.OnReload != nil {
		r.OnReload(result)
	}
}

// lostLabels returns an EINVALID error naming the decisions the old rules
// can set and the new ones cannot (an emptied or half-deleted rule file
// would otherwise silently stop a label from ever being set).
func lostLabels(old, next *Engine) error {
	can := next.SettableLabels()
	var lost []string
	for _, l := range old.SettableLabels() {
		if !slices.Contains(can, l) {
			lost = append(lost, l)
		}
	}
	if len(lost) == 0 {
		return nil
	}
	return govwire.Errorf(govwire.EINVALID, "the new rules cannot set %s any more (no test or stable rule of that label with a positive weight left); restore those rules, or restart to drop a label on purpose",
		strings.Join(lost, ", "))
}

// dirSignature summarises the names, sizes and times of the rule files.
func dirSignature(dir string) string {
	if dir == "" {
		return ""
	}
	entries, err := fs.Glob(os.DirFS(dir), "*.yaml")
	if err != nil {
		return "error"
	}
	sort.Strings(entries)
	var b strings.Builder
	for _, name := range entries {
		st, err := os.Stat(dir + string(os.PathSeparator) + name)
		if err != nil {
			continue
		}
		fmt.Fprintf(&b, "%s/%d/%d;", name, st.Size(), st.ModTime().UnixNano())
	}
	return b.String()
}
