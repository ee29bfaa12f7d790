package demo

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

var refTime = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func startTest(t *testing.T, now time.Time) *Server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s, err := Start(ctx, Options{Now: now})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		cancel()
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func get(t *testing.T, u string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", u, err)
	}
	return resp, b
}

func parseFeed(t *testing.T, s *Server, o Outlet) *gofeed.Feed {
	t.Helper()
	resp, body := get(t, s.URL()+o.FeedPath, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d", o.FeedPath, resp.StatusCode)
	}
	f, err := gofeed.NewParser().ParseString(string(body))
	if err != nil {
		t.Fatalf("%s: parse: %v", o.FeedPath, err)
	}
	return f
}

func TestFeedsParseAndLinksResolve(t *testing.T) {
	s := startTest(t, refTime)
	perOutlet := map[string]int{}
	for _, st := range Stories() {
		perOutlet[st.Outlet]++
	}
	wantType := map[string]string{"rss": "rss", "atom": "atom", "json": "json"}
	for _, o := range Outlets() {
		if wantType[o.Format] == "" {
			continue
		}
		t.Run(o.Key, func(t *testing.T) {
			f := parseFeed(t, s, o)
			if f.FeedType != wantType[o.Format] {
				t.Errorf("feed type %q, want %q", f.FeedType, wantType[o.Format])
			}
			if len(f.Items) != perOutlet[o.Key] {
				t.Fatalf("%d items, want %d", len(f.Items), perOutlet[o.Key])
			}
			for _, it := range f.Items {
				if it.Title == "" || it.GUID == "" || it.Description == "" || it.PublishedParsed == nil || it.UpdatedParsed == nil {
					t.Errorf("item %q lacks title, guid, summary or dates", it.Link)
				}
				if it.PublishedParsed != nil && (it.PublishedParsed.After(refTime) || it.PublishedParsed.Before(refTime.AddDate(0, 0, -61))) {
					t.Errorf("item %q published %v outside the last 60 days", it.Link, it.PublishedParsed)
				}
				resp, _ := get(t, it.Link, nil)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s: status %d", it.Link, resp.StatusCode)
				}
			}
		})
	}
}

func TestMalformedAndFailingSources(t *testing.T) {
	s := startTest(t, refTime)
	for _, o := range Outlets() {
		switch o.Format {
		case "malformed":
			resp, body := get(t, s.URL()+o.FeedPath, nil)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("malformed feed status %d, want 200", resp.StatusCode)
			}
			if _, err := gofeed.NewParser().ParseString(string(body)); err == nil {
				t.Errorf("malformed feed parsed without error")
			}
		case "failing":
			for range 2 {
				resp, _ := get(t, s.URL()+o.FeedPath, nil)
				if resp.StatusCode != http.StatusInternalServerError {
					t.Errorf("failing feed status %d, want 500", resp.StatusCode)
				}
			}
			if got := s.Hits(o.FeedPath); got != 2 {
				t.Errorf("Hits(failing feed) = %d, want 2", got)
			}
		}
	}
	if s.TotalHits() < 3 {
		t.Errorf("TotalHits = %d, want >= 3", s.TotalHits())
	}
}

func TestConditionalGet(t *testing.T) {
	s := startTest(t, refTime)
	paths := []string{"/robots.txt", Stories()[0].Path}
	for _, o := range Outlets() {
		if o.Format != "failing" {
			paths = append(paths, o.FeedPath)
		}
	}
	for _, p := range paths {
		resp, _ := get(t, s.URL()+p, nil)
		etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
		if resp.StatusCode != http.StatusOK || etag == "" || lm == "" {
			t.Fatalf("%s: status %d etag %q last-modified %q", p, resp.StatusCode, etag, lm)
		}
		if r, _ := get(t, s.URL()+p, map[string]string{"If-None-Match": etag}); r.StatusCode != http.StatusNotModified {
			t.Errorf("%s: If-None-Match gave %d, want 304", p, r.StatusCode)
		}
		if r, _ := get(t, s.URL()+p, map[string]string{"If-Modified-Since": lm}); r.StatusCode != http.StatusNotModified {
			t.Errorf("%s: If-Modified-Since gave %d, want 304", p, r.StatusCode)
		}
		if r, _ := get(t, s.URL()+p, map[string]string{"If-None-Match": `"stale"`}); r.StatusCode != http.StatusOK {
			t.Errorf("%s: stale ETag gave %d, want 200", p, r.StatusCode)
		}
	}
	if got := s.Hits(paths[1]); got != 4 {
		t.Errorf("Hits(%s) = %d, want 4", paths[1], got)
	}
}

func TestReplaceChangesPageAndFeed(t *testing.T) {
	s := startTest(t, refTime)
	var st Story
	for _, x := range Stories() {
		if x.Outlet == "wire" {
			st = x
			break
		}
	}
	o := s.outlet(st.Outlet)
	resp, _ := get(t, s.URL()+st.Path, nil)
	oldTag := resp.Header.Get("ETag")
	feedResp, _ := get(t, s.URL()+o.FeedPath, nil)
	oldFeedTag := feedResp.Header.Get("ETag")
	before := s.Published(st.Path)

	s.Replace(st.Path, []byte("<html><head><title>Corrected</title></head><body><article><p>Corrected text.</p></article></body></html>"))

	resp, body := get(t, s.URL()+st.Path, map[string]string{"If-None-Match": oldTag})
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Corrected text.") {
		t.Fatalf("after Replace: status %d body %.80q", resp.StatusCode, body)
	}
	if resp.Header.Get("ETag") == oldTag {
		t.Errorf("ETag unchanged after Replace")
	}
	if r, _ := get(t, s.URL()+o.FeedPath, map[string]string{"If-None-Match": oldFeedTag}); r.StatusCode != http.StatusOK {
		t.Errorf("feed still 304 after Replace")
	}
	for _, it := range parseFeed(t, s, o).Items {
		if strings.HasPrefix(it.Link, s.URL()+st.Path) {
			if it.UpdatedParsed == nil || !it.UpdatedParsed.After(before) {
				t.Errorf("feed item updated %v, want after %v", it.UpdatedParsed, before)
			}
			if it.PublishedParsed == nil || !it.PublishedParsed.Equal(before) {
				t.Errorf("feed item published %v, want unchanged %v", it.PublishedParsed, before)
			}
		}
	}
}

func TestDatesFollowReference(t *testing.T) {
	early := time.Date(2027, 3, 1, 2, 30, 0, 0, time.UTC)
	s := startTest(t, early)
	for _, st := range Stories() {
		p := s.Published(st.Path)
		if p.After(early) {
			t.Errorf("%s: published %v after reference %v", st.Path, p, early)
		}
		wantDay := early.Truncate(24*time.Hour).AddDate(0, 0, st.Day)
		if !p.Truncate(24 * time.Hour).Equal(wantDay) {
			t.Errorf("%s: published %v, want on %v", st.Path, p, wantDay.Format(time.DateOnly))
		}
	}
	if !s.Now().Equal(early) {
		t.Errorf("Now = %v", s.Now())
	}
}

func TestSourcesRobotsAndFetchConfig(t *testing.T) {
	s := startTest(t, time.Time{})
	srcs := s.Sources()
	if len(srcs) != 5 {
		t.Fatalf("%d sources, want 5", len(srcs))
	}
	for _, src := range srcs {
		if src.Name == "" || src.Schedule == "" || !strings.HasPrefix(src.URL, s.URL()+"/") {
			t.Errorf("bad source %+v", src)
		}
	}
	c := s.FetchConfig()
	if len(c.AllowNetworks) != 1 || c.AllowNetworks[0] != "127.0.0.1/32" || !c.RespectRobots || c.PerHostInterval != 0 {
		t.Errorf("FetchConfig = %+v", c)
	}
	resp, body := get(t, s.URL()+"/robots.txt", nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Allow: /") {
		t.Errorf("robots.txt: %d %q", resp.StatusCode, body)
	}
	if r, _ := get(t, s.URL()+"/nope", nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown path status %d", r.StatusCode)
	}
}

func TestCancelStopsServer(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s, err := Start(ctx, Options{Now: refTime})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := http.Get(s.URL() + "/robots.txt"); err != nil {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("server still answering after ctx was cancelled")
}

func TestConcurrentReadsAndReplace(t *testing.T) {
	s := startTest(t, refTime)
	st := Stories()[1]
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 20 {
			s.Replace(st.Path, []byte("<html><body><p>version "+string(rune('a'+i))+"</p></body></html>"))
		}
	}()
	for range 20 {
		get(t, s.URL()+st.Path, nil)
		get(t, s.URL()+s.outlet(st.Outlet).FeedPath, nil)
	}
	<-done
	if _, body := get(t, s.URL()+st.Path, nil); !strings.Contains(string(body), "version t") {
		t.Errorf("last Replace not served: %.60q", body)
	}
	s.Replace("/extra/new.html", []byte("<html><body>new</body></html>"))
	if r, _ := get(t, s.URL()+"/extra/new.html", nil); r.StatusCode != http.StatusOK || r.Header.Get("ETag") == "" {
		t.Errorf("Replace of a new path: status %d", r.StatusCode)
	}
	if got := s.Hits(st.Path); got != 21 {
		t.Errorf("Hits = %d, want 21", got)
	}
}
