package demo

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// TestArticleIDStableAcrossRuns checks that two servers (two random ports)
// give a story the same article id, and other URLs their usual one.
func TestArticleIDStableAcrossRuns(t *testing.T) {
	a, b := startTest(t, refTime), startTest(t, refTime)
	if a.URL() == b.URL() {
		t.Fatal("two servers on one address")
	}
	path := a.stories[0].Path
	if ida, idb := a.ArticleID(a.URL()+path), b.ArticleID(b.URL()+path); ida != idb {
		t.Errorf("story %s: id %s on one run, %s on the next", path, ida, idb)
	}
	if got, other := a.ArticleID(a.URL()+path), a.ArticleID(a.URL()+a.stories[1].Path); got == other {
		t.Errorf("two stories share id %s", got)
	}
	if a.ArticleID("https://elsewhere.example/x") == a.ArticleID(a.URL()+"/x") {
		t.Error("a URL elsewhere takes a demo story's id")
	}
}

// TestHistoryAndShowUntil checks the replay days and that a feed shown
// until a past day lists only the stories published by then.
func TestHistoryAndShowUntil(t *testing.T) {
	s := startTest(t, refTime)
	days := s.History()
	if len(days) < 10 {
		t.Fatalf("%d past days with stories, want the sample's weeks", len(days))
	}
	today := refTime.Truncate(24 * time.Hour)
	for i, d := range days {
		if !d.Before(today) || d.Hour() != 23 || (i > 0 && !d.After(days[i-1])) {
			t.Fatalf("day %d: %s (want ascending ends of past days)", i, d)
		}
	}
	feedItems := func() int {
		n := 0
		for _, o := range s.outlets {
			if o.Format != "rss" && o.Format != "atom" && o.Format != "json" {
				continue
			}
			_, body := get(t, s.URL()+o.FeedPath, nil)
			f, err := gofeed.NewParser().ParseString(string(body))
			if err != nil {
				t.Fatalf("%s: %v", o.FeedPath, err)
			}
			for _, it := range f.Items {
				if it.PublishedParsed != nil && it.PublishedParsed.After(s.asOfForTest()) {
					t.Errorf("%s lists %q published %s, after %s", o.FeedPath, it.Title, it.PublishedParsed, s.asOfForTest())
				}
			}
			n += len(f.Items)
		}
		return n
	}
	all := feedItems()
	if err := s.ShowUntil(days[len(days)/2]); err != nil {
		t.Fatal(err)
	}
	if mid := feedItems(); mid == 0 || mid >= all {
		t.Errorf("feeds until %s list %d items, all %d", days[len(days)/2], mid, all)
	}
	if err := s.ShowUntil(time.Time{}); err != nil {
		t.Fatal(err)
	}
	if again := feedItems(); again != all {
		t.Errorf("after ShowUntil(zero): %d items, want %d", again, all)
	}
}

func (s *Server) asOfForTest() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.asOf.IsZero() {
		return s.now
	}
	return s.asOf
}

// TestNoGoroutineLeftOnBackgroundContext starts and closes servers on a
// context that is never done: nothing may stay behind waiting on it.
func TestNoGoroutineLeftOnBackgroundContext(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 5 {
		s, err := Start(context.Background(), Options{Now: refTime})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		stacks := string(buf[:runtime.Stack(buf, true)])
		t.Errorf("%d goroutines before, %d after five Start/Close on a background context:\n%s", before, n, firstLines(stacks, 40))
	}
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[:min(n, len(lines))], "\n")
}
