package ingest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

const (
	killEnvDB  = "GOVWIRE_TEST_KILL_DB"
	killEnvURL = "GOVWIRE_TEST_KILL_FEEDS"
)

// TestIngestKillChild is the child process of TestIngestSurvivesKill: it
// runs one ingest against the database and feeds named in its environment.
func TestIngestKillChild(t *testing.T) {
	path, feeds := os.Getenv(killEnvDB), os.Getenv(killEnvURL)
	if path == "" {
		t.Skip("child process of TestIngestSurvivesKill")
	}
	var sources []govwire.Source
	for i, u := range strings.Split(feeds, " ") {
		sources = append(sources, govwire.Source{Name: fmt.Sprintf("kill-%d", i), URL: u})
	}
	cfg := testFetchConfig()
	cfg.Concurrency = 2
	in, _ := newTestIngester(t, Options{Store: openStore(t, path), Fetch: cfg})
	if _, err := in.Run(context.Background(), sources); err != nil {
		t.Fatal(err)
	}
}

// TestIngestSurvivesKill kills an ingest with SIGKILL at several points,
// then finishes it, and checks that every article is stored exactly once.
func TestIngestSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	s := newSite(t)
	s.pageDelay = 20 * time.Millisecond
	var stories []story
	var feeds []string
	for f := range 2 {
		var entries []feedEntry
		for i := range 15 {
			st := newStory(uint64(100+f*100+i), fmt.Sprintf("k%d-%d", f, i), "award", 300)
			path := fmt.Sprintf("/k%d/%s", f, st.Slug)
			// Half the pages declare a canonical URL other than the feed's
			// link, so a crash between the two look-ups is covered too.
			canonical := ""
			if i%2 == 0 {
				canonical = s.url(path + "-canonical")
			}
			s.setPage(path, st.page("Outlet K", canonical))
			entries = append(entries, feedEntry{Path: path, Title: st.Title, Published: st.Published})
			stories = append(stories, st)
		}
		s.setFeed(fmt.Sprintf("/k%d/feed.xml", f), fmt.Sprintf(`"k%d"`, f), entries)
		feeds = append(feeds, s.url(fmt.Sprintf("/k%d/feed.xml", f)))
	}
	dbPath := filepath.Join(t.TempDir(), "kill.db")
	r := rand.New(rand.NewPCG(7, uint64(time.Now().UnixNano())))
	for round, atPages := range []int{3, 10, 18} {
		pages0, _, _ := s.counts()
		cmd := exec.Command(os.Args[0], "-test.run=^TestIngestKillChild$")
		cmd.Env = append(os.Environ(), killEnvDB+"="+dbPath, killEnvURL+"="+strings.Join(feeds, " "))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill once the child has fetched atPages more pages, plus a random
		// few milliseconds, so the kill lands at a varying point.
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			if p, _, _ := s.counts(); p-pages0 >= atPages {
				break
			}
			time.Sleep(2 * time.Millisecond)
		}
		time.Sleep(time.Duration(r.IntN(15)) * time.Millisecond)
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Logf("round %d: killed after %d page fetches", round, func() int { p, _, _ := s.counts(); return p - pages0 }())
	}
	// Finish the ingest in this process and check the record.
	db := openStore(t, dbPath)
	in, _ := newTestIngester(t, Options{Store: db})
	var sources []govwire.Source
	for i, u := range feeds {
		sources = append(sources, govwire.Source{Name: fmt.Sprintf("kill-%d", i), URL: u})
	}
	if _, err := in.Run(context.Background(), sources); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if n, _ := db.CountArticles(ctx, govwire.ArticleFilter{}); n != len(stories) {
		t.Errorf("%d articles, want %d", n, len(stories))
	}
	markers := map[string]int{}
	canon := map[string]int{}
	_ = db.ScanArticles(ctx, govwire.ArticleFilter{}, func(a *govwire.Article) error {
		canon[a.CanonicalURL]++
		for _, st := range stories {
			if strings.Contains(a.Text, st.Marker) {
				markers[st.Slug]++
			}
		}
		return nil
	})
	for _, st := range stories {
		if markers[st.Slug] != 1 {
			t.Errorf("story %s stored %d times, want once", st.Slug, markers[st.Slug])
		}
	}
	for c, n := range canon {
		if n != 1 {
			t.Errorf("canonical %s stored %d times", c, n)
		}
	}
	// A further pass finds nothing to do.
	pages0, _, _ := s.counts()
	sum, _ := in.Run(ctx, sources)
	if p, _, _ := s.counts(); p != pages0 || sum.New != 0 || sum.Updated != 0 {
		t.Errorf("pass after recovery: %+v and %d page fetches", sum, p-pages0)
	}
}
