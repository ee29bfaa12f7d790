package demo

import (
	"fmt"
	"hash/fnv"
	"net/url"
	"slices"
	"strings"
	"time"
)

const robotsTxt = "User-agent: *\nAllow: /\n"

// published places a story on the timeline: Day days from the reference day
// at Clock UTC. A story dated today whose clock is still in the future is
// moved proportionally into the part of today that has passed.
func (s *Server) published(st Story) time.Time {
	day := s.now.Truncate(24 * time.Hour)
	var h, m int
	if _, err := fmt.Sscanf(st.Clock, "%d:%d", &h, &m); err != nil {
		h, m = 9, 0
	}
	clock := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
	t := day.AddDate(0, 0, st.Day).Add(clock)
	if t.After(s.now) {
		t = day.Add(time.Duration(float64(s.now.Sub(day)) * float64(clock) / float64(24*time.Hour)))
	}
	return t.Truncate(time.Second)
}

// build renders robots.txt, every page and every feed.
func (s *Server) build(comments []Comment) error {
	s.put("/robots.txt", "text/plain; charset=utf-8", []byte(robotsTxt), s.now.AddDate(0, 0, -90))
	for _, o := range s.outlets {
		if o.Format == "rss" || o.Format == "atom" || o.Format == "json" {
			t, err := loadLayout(o.Key)
			if err != nil {
				return err
			}
			s.layouts[o.Key] = t
		}
	}
	for _, st := range s.stories {
		s.updated[st.Path] = s.published(st)
		if err := s.renderStory(st, comments); err != nil {
			return err
		}
	}
	for _, o := range s.outlets {
		if err := s.renderOutletFeed(o); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) outlet(key string) Outlet {
	for _, o := range s.outlets {
		if o.Key == key {
			return o
		}
	}
	return Outlet{}
}

// sameOutlet returns the outlet's stories, newest first.
func (s *Server) sameOutlet(key string) []Story {
	var out []Story
	for _, st := range s.stories {
		if st.Outlet == key {
			out = append(out, st)
		}
	}
	slices.SortStableFunc(out, func(a, b Story) int { return s.published(b).Compare(s.published(a)) })
	return out
}

func pick(seed string, n, k int) []int {
	if n == 0 {
		return nil
	}
	h := fnv.New32a()
	h.Write([]byte(seed))
	start := int(h.Sum32() % uint32(n))
	var out []int
	for i := 0; i < n && len(out) < k; i++ {
		out = append(out, (start+i*7)%n)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func (s *Server) renderStory(st Story, comments []Comment) error {
	o := s.outlet(st.Outlet)
	t := s.layouts[o.Key]
	if t == nil {
		return fmt.Errorf("story %s: outlet %q has no layout", st.Path, st.Outlet)
	}
	body, err := siteFS.ReadFile("site/stories/" + st.Slug + ".txt")
	if err != nil {
		return fmt.Errorf("story %s: %w", st.Path, err)
	}
	d := &pageData{
		Outlet: o, Story: st, URL: s.base + st.Path, Published: s.published(st),
		Updated: s.updated[st.Path], Blocks: parseBody(string(body)), Year: s.now.Year(),
	}
	others := s.sameOutlet(o.Key)
	for _, x := range others {
		if x.Path != st.Path && len(d.MostRead) < 5 && x.OnTopic {
			d.MostRead = append(d.MostRead, link{Title: x.Title, URL: s.base + x.Path})
		}
	}
	for _, i := range pick(st.Slug, len(others), 4) {
		if x := others[i]; x.Path != st.Path && len(d.Related) < 3 {
			d.Related = append(d.Related, link{Title: x.Title, URL: s.base + x.Path})
		}
	}
	for _, i := range pick(st.Slug+"c", len(comments), 3) {
		d.Comments = append(d.Comments, comments[i])
	}
	page, err := renderPage(t, d)
	if err != nil {
		return err
	}
	s.put(st.Path, "text/html; charset=utf-8", page, d.Updated)
	return nil
}

// feedLink is the URL a feed gives for a story, with utm_ tracking when asked.
func (s *Server) feedLink(o Outlet, st Story) string {
	u := s.base + st.Path
	if !st.Tracking {
		return u
	}
	q := url.Values{"utm_source": {o.Key + "_feed"}, "utm_medium": {"rss"}, "utm_campaign": {"daily-" + st.Section}}
	return u + "?" + strings.ReplaceAll(q.Encode(), "+", "%20")
}

func (s *Server) renderOutletFeed(o Outlet) error {
	if o.Format == "failing" {
		return nil
	}
	var items []feedItem
	for _, st := range s.sameOutlet(o.Key) {
		if !s.asOf.IsZero() && s.published(st).After(s.asOf) {
			continue
		}
		items = append(items, feedItem{Story: st, Link: s.feedLink(o, st), Published: s.published(st), Updated: s.updated[st.Path]})
	}
	b, err := renderFeed(o, s.base, items)
	if err != nil {
		return err
	}
	ctype := map[string]string{
		"rss": "application/rss+xml; charset=utf-8", "atom": "application/atom+xml; charset=utf-8",
		"json": "application/feed+json; charset=utf-8", "malformed": "application/rss+xml; charset=utf-8",
	}[o.Format]
	mod := latest(items)
	if mod.IsZero() {
		mod = s.now.AddDate(0, 0, -1)
	}
	s.put(o.FeedPath, ctype, b, mod)
	return nil
}

// Replace swaps the content of one path (a page, or any new path) for body,
// giving it a new ETag and a later Last-Modified. When path is a story, the
// item's updated date in its outlet's feed is bumped and the feed re-rendered,
// so an ingest sees the change.
func (s *Server) Replace(path string, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	mod := time.Now().UTC().Truncate(time.Second)
	prev := s.res[path]
	ctype := "text/html; charset=utf-8"
	if prev != nil {
		ctype = prev.ctype
		if !mod.After(prev.mod) {
			mod = prev.mod.Add(time.Second)
		}
	}
	s.put(path, ctype, slices.Clone(body), mod)
	for _, st := range s.stories {
		if st.Path != path {
			continue
		}
		s.updated[path] = mod
		if err := s.renderOutletFeed(s.outlet(st.Outlet)); err != nil {
			s.log.Error("demo replace: re-render feed", "path", path, "err", err)
		}
	}
}
