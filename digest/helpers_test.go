package digest

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/store"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(t time.Time) *clock { return &clock{t: t} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// openStore opens the real SQLite store at path, closed at the end of t.
func openStore(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// seededStore opens a new store in a temporary directory holding the
// fixture articles, and returns it with its path.
func seededStore(t *testing.T) (*store.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "govwire.db")
	db := openStore(t, path)
	arts := loadArticles(t)
	// Save in first-seen order; copies share the content hash of their
	// cluster's first article, which is how the store clusters them.
	slices.SortStableFunc(arts, func(a, b *govwire.Article) int { return a.Fetched.Compare(b.Fetched) })
	for _, a := range arts {
		if a.CanonicalURL == "" {
			a.CanonicalURL = a.URL
		}
		a.ContentHash = "hash-" + a.ClusterID
		want := a.ClusterID
		a.Text = "Text of " + a.Title
		if _, err := db.SaveArticle(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		if a.ClusterID != want {
			t.Fatalf("store put %s in cluster %s, want %s", a.ID, a.ClusterID, want)
		}
	}
	return db, path
}

// titleSearcher is a stand-in for the index in query tests: it matches the
// query's words against the fixture titles, case-insensitively.
type titleSearcher struct {
	arts  []*govwire.Article
	calls int
}

func (s *titleSearcher) Search(ctx context.Context, q govwire.SearchQuery) (*govwire.SearchResult, error) {
	s.calls++
	res := &govwire.SearchResult{Hits: []govwire.Hit{}}
	for _, a := range s.arts {
		dated := a.Published
		if dated.IsZero() {
			dated = a.Fetched // as the store and index date undated articles
		}
		if strings.Contains(strings.ToLower(a.Title), strings.ToLower(q.Q)) && !dated.Before(q.Since) {
			res.Hits = append(res.Hits, govwire.Hit{ID: a.ID, Title: a.Title})
		}
	}
	res.Total = uint64(len(res.Hits))
	return res, nil
}

// newTestService makes a Service over st with the given digests.
func newTestService(t *testing.T, st govwire.Store, clk *clock, digests ...govwire.DigestConfig) *Service {
	t.Helper()
	s, err := NewService(Options{
		Digests: digests, Store: st, BaseURL: testBaseURL, DataDir: t.TempDir(), Now: clk.Now,
		Searcher: &titleSearcher{arts: loadArticles(t)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// deliveryTime is when scheduled deliveries of 2026-11-25 run in tests.
var deliveryTime = time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)
