package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
	"golang.org/x/sync/singleflight"
)

// ErrDisallowed is in the chain of a page fetch that robots.txt forbids.
var ErrDisallowed = errors.New("robots.txt disallows this URL")

// How long a host's robots.txt is trusted.
const (
	robotsTTL      = time.Hour        // a robots.txt read, or a 4xx (allow all)
	robotsErrorTTL = 10 * time.Minute // a 5xx or unreachable robots.txt (allow, try again sooner)
	robotsMaxHosts = 1024             // above this, expired entries are dropped
)

// robotsCache holds each origin's parsed robots.txt; a nil rules means
// "allow all". Concurrent misses for one origin share one fetch.
type robotsCache struct {
	mu      sync.Mutex
	entries map[string]robotsEntry
	group   singleflight.Group
	now     func() time.Time
}

type robotsEntry struct {
	rules   *robotstxt.RobotsData
	expires time.Time
}

func newRobotsCache() *robotsCache {
	return &robotsCache{entries: make(map[string]robotsEntry), now: time.Now}
}

// Allowed reports whether robots.txt of rawURL's origin lets this fetcher's
// user agent fetch it. The robots.txt is fetched through the same guarded
// client and cached per origin: a 4xx means allow all; a 5xx, an unreachable
// host or an unreadable file also allow, with a warning in the log (and are
// tried again after 10 minutes). The error is non-nil only for a bad URL or
// when ctx ends.
func (f *Fetcher) Allowed(ctx context.Context, rawURL string) (bool, error) {
	u, err := parseFetchURL(rawURL)
	if err != nil {
		return false, fmt.Errorf("robots check %s: %w", rawURL, err)
	}
	origin := u.Scheme + "://" + strings.ToLower(u.Host)
	rules, err := f.robotsFor(ctx, origin)
	if err != nil {
		return false, fmt.Errorf("robots check %s: %w", rawURL, err)
	}
	if rules == nil {
		return true, nil
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return rules.FindGroup(agentToken(f.cfg.UserAgent)).Test(path), nil
}

// robotsFor returns origin's cached rules, fetching them on a miss. The
// fetch is shared by concurrent callers and detached from any one caller's
// cancellation (it has its own cfg.Timeout); a caller whose ctx ends stops
// waiting at once.
func (f *Fetcher) robotsFor(ctx context.Context, origin string) (*robotstxt.RobotsData, error) {
	c := f.robots
	c.mu.Lock()
	e, ok := c.entries[origin]
	c.mu.Unlock()
	if ok && c.now().Before(e.expires) {
		return e.rules, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ch := c.group.DoChan(origin, func() (any, error) {
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), f.cfg.Timeout)
		defer cancel()
		rules, ttl := f.loadRobots(lctx, origin)
		c.store(origin, robotsEntry{rules: rules, expires: c.now().Add(ttl)})
		return rules, nil
	})
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case r := <-ch:
		return r.Val.(*robotstxt.RobotsData), nil
	}
}

// loadRobots fetches and parses origin/robots.txt, returning the rules
// (nil: allow all) and how long to keep them.
func (f *Fetcher) loadRobots(ctx context.Context, origin string) (*robotstxt.RobotsData, time.Duration) {
	robotsURL := origin + "/robots.txt"
	resp, err := f.Fetch(ctx, Request{URL: robotsURL, Kind: KindRobots})
	var fe *FetchError
	switch {
	case err == nil:
	case errors.As(err, &fe) && fe.Status >= 400 && fe.Status < 500 && fe.Status != 429:
		return nil, robotsTTL // no robots.txt: allow all
	default:
		f.log.Warn("robots.txt unavailable, allowing", "url", robotsURL, "error", err.Error())
		return nil, robotsErrorTTL
	}
	rules, err := robotstxt.FromBytes(resp.Body)
	if err != nil {
		f.log.Warn("robots.txt unreadable, allowing", "url", robotsURL, "error", err.Error())
		return nil, robotsErrorTTL
	}
	return rules, robotsTTL
}

// store caches e, dropping expired entries when the cache is large.
func (c *robotsCache) store(origin string, e robotsEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= robotsMaxHosts {
		now := c.now()
		for k, old := range c.entries {
			if !now.Before(old.expires) {
				delete(c.entries, k)
			}
		}
	}
	c.entries[origin] = e
}

// agentToken is the product token of a User-Agent ("govwire" for
// "govwire/1.0 (+https://...)"), matched against robots.txt groups.
func agentToken(ua string) string {
	tok, _, _ := strings.Cut(strings.TrimSpace(ua), " ")
	tok, _, _ = strings.Cut(tok, "/")
	return strings.ToLower(tok)
}
