package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/config"
	"github.com/govwire/govwire/digest"
)

// digestOptions are digest's flags.
type digestOptions struct {
	name, date, format string
	deliver, force     bool
}

// newDigestCmd prints a digest, or delivers it (exactly once unless --force).
func newDigestCmd(e *env) *cobra.Command {
	var o digestOptions
	cmd := &cobra.Command{
		Use:   "digest [flags]",
		Short: "print or deliver a digest",
		Long: "digest prints a day's digest (one entry per story, grouped by label), or with --deliver sends it to\n" +
			"the digest's channels, each channel once (--force sends again).",
		Args: noArgs,
		RunE: e.runE(func(cmd *cobra.Command, _ []string) error { return runDigest(cmd.Context(), e, o) }),
	}
	f := cmd.Flags()
	f.StringVar(&o.name, "name", "", "digest `name` (default: the first configured digest)")
	f.StringVar(&o.date, "date", "", "`day` to build: YYYY-MM-DD, today or yesterday, in the digest's time zone (default: today; with --deliver, yesterday)")
	f.StringVar(&o.format, "format", "md", "output `format`: md, html, text or json")
	f.BoolVar(&o.deliver, "deliver", false, "deliver to the digest's channels instead of printing (each channel once)")
	f.BoolVar(&o.force, "force", false, "with --deliver: send again to channels already delivered to")
	_ = cmd.RegisterFlagCompletionFunc("format", fixedValues(digest.Formats...))
	_ = cmd.RegisterFlagCompletionFunc("date", fixedValues("today", "yesterday"))
	_ = cmd.RegisterFlagCompletionFunc("name", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return e.completeNames(func(c *config.Config) (names []string) {
			for _, d := range c.Digests {
				names = append(names, d.Name)
			}
			return names
		})
	})
	return cmd
}

// runDigest prints a digest, or delivers it.
func runDigest(ctx context.Context, e *env, o digestOptions) error {
	name, date, format, deliver, force := &o.name, &o.date, &o.format, &o.deliver, &o.force
	if !slices.Contains(digest.Formats, *format) {
		return usagef("--format %q: want md, html, text or json", *format)
	}
	if *force && !*deliver {
		return usagef("--force needs --deliver")
	}
	cfg, err := pickDigest(e, *name)
	if err != nil {
		return err
	}
	if *deliver { // delivering records what was sent: a write
		lock, err := lockDataDir(e.cfg.DataDir)
		if err != nil {
			return err
		}
		defer lock.Unlock()
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer e.closeLogged("store", st)
	opts := digest.Options{
		Digests: []govwire.DigestConfig{cfg}, Store: st, BaseURL: e.cfg.API.BaseURL,
		DataDir: e.cfg.DataDir, Log: e.log,
	}
	if cfg.Query != "" {
		ix, err := e.openIndex(ctx)
		if err != nil {
			return err
		}
		defer e.closeLogged("index", ix)
		opts.Searcher = ix
	}
	svc, err := digest.NewService(opts)
	if err != nil {
		return err
	}
	day, err := digestDate(cfg, *date, *deliver)
	if err != nil {
		return err
	}
	if *deliver {
		return deliverDigest(ctx, e, svc, cfg.Name, day, *force)
	}
	d, err := svc.Build(ctx, cfg.Name, day)
	if err != nil {
		return err
	}
	return svc.Render(e.stdout, d, *format)
}

// pickDigest returns the configured digest called name, or the first.
func pickDigest(e *env, name string) (govwire.DigestConfig, error) {
	var names []string
	for _, d := range e.cfg.Digests {
		if name == "" || d.Name == name {
			return d, nil
		}
		names = append(names, d.Name)
	}
	if name == "" {
		return govwire.DigestConfig{}, usagef("no digest is configured")
	}
	return govwire.DigestConfig{}, usagef("--name %q: no such digest (configured: %s)", name, strings.Join(names, ", "))
}

// digestDate resolves --date: YYYY-MM-DD, "today" or "yesterday" in the
// digest's zone; empty means today, or yesterday when delivering (a day is
// delivered once it is over, as the scheduler does).
func digestDate(cfg govwire.DigestConfig, date string, deliver bool) (string, error) {
	loc := digest.Location(cfg)
	now := time.Now()
	switch {
	case date == "today", date == "" && !deliver:
		return digest.Today(loc, now), nil
	case date == "yesterday", date == "":
		return digest.Yesterday(loc, now), nil
	}
	if _, err := time.Parse(digest.DateLayout, date); err != nil {
		return "", usagef("--date %q: want YYYY-MM-DD, today or yesterday", date)
	}
	return date, nil
}

// deliverDigest delivers one digest day and prints each channel's record.
func deliverDigest(ctx context.Context, e *env, svc *digest.Service, name, date string, force bool) error {
	recs, err := svc.Deliver(ctx, name, date, force)
	if len(recs) == 0 {
		if err == nil {
			e.printf("digest %s for %s has no stories: nothing to deliver\n", name, date)
		}
		return err
	}
	for _, r := range recs {
		line := fmt.Sprintf("%s %s %s: %s", r.Digest, r.Date, r.Channel, r.Status)
		if !r.SentAt.IsZero() {
			line += " " + r.SentAt.Format(time.RFC3339)
		}
		line += fmt.Sprintf(" (attempt %d)", r.Attempts)
		if r.LastError != "" {
			line += ": " + r.LastError
		}
		if !r.NextAttempt.IsZero() {
			line += ", next attempt " + r.NextAttempt.Format(time.RFC3339)
		}
		e.println(line)
	}
	if err != nil {
		return fmt.Errorf("some deliveries failed; govwire serve retries them: %w", err)
	}
	return nil
}
