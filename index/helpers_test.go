package index

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

// fixtures loads testdata/articles.jsonl, numbering Seq from 1.
func fixtures(t testing.TB) []*govwire.Article {
	t.Helper()
	f, err := os.Open("testdata/articles.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var arts []*govwire.Article
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var a govwire.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("testdata line %d: %v", len(arts)+1, err)
		}
		a.Seq = int64(len(arts) + 1)
		arts = append(arts, &a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return arts
}

// pagingArticles returns n on-topic articles that all match "tender", with
// distinct dates (some equal, to exercise the id tie-break) and scores.
func pagingArticles(n int, seq0 int64) []*govwire.Article {
	var arts []*govwire.Article
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		id := fmt.Sprintf("p%03d", i)
		text := "A sovereign cloud tender."
		for range i % 5 {
			text += " The tender continues."
		}
		arts = append(arts, &govwire.Article{
			ID: id, URL: "https://paging.example/" + id, Source: "paging",
			Title:     fmt.Sprintf("Sovereign cloud tender %d", i),
			Text:      text,
			Published: base.Add(time.Duration(i/2) * 24 * time.Hour),
			ClusterID: id, Seq: seq0 + int64(i) + 1,
			Classification: govwire.Classification{OnTopic: true, Labels: []string{govwire.LabelBid}},
		})
	}
	return arts
}

// memIndex returns an in-memory index holding arts.
func memIndex(t testing.TB, arts []*govwire.Article) *Index {
	t.Helper()
	return memIndexWith(t, arts, Options{})
}

// memIndexWith returns an in-memory index with options o holding arts. The
// hits' texts come from a memStore of arts unless o has a text source.
func memIndexWith(t testing.TB, arts []*govwire.Article, o Options) *Index {
	t.Helper()
	if o.Texts == nil {
		st := newMemStore()
		st.put(arts...)
		o.Texts = st
	}
	ix, err := NewMemoryWith(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Index(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	return ix
}

func ids(hits []govwire.Hit) []string {
	out := []string{}
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

// memStore is a minimal in-memory govwire.ArticleStore for catch-up and
// rebuild tests: it keeps articles in Seq order and hands out changes.
type memStore struct {
	mu   sync.Mutex
	arts map[string]*govwire.Article
	seq  int64
}

func newMemStore() *memStore { return &memStore{arts: map[string]*govwire.Article{}} }

func (s *memStore) put(arts ...*govwire.Article) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range arts {
		c := *a
		s.seq++
		c.Seq = s.seq
		s.arts[c.ID] = &c
	}
}

func (s *memStore) sortedBySeq() []*govwire.Article {
	var out []*govwire.Article
	for _, a := range s.arts {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

func (s *memStore) ChangesSince(_ context.Context, seq int64, limit int) ([]*govwire.Article, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*govwire.Article
	for _, a := range s.sortedBySeq() {
		if a.Seq > seq && len(out) < limit {
			out = append(out, a)
		}
	}
	return out, nil
}

func (s *memStore) LastSeq(context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seq, nil
}

func (s *memStore) CountArticles(context.Context, govwire.ArticleFilter) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.arts), nil
}

func (s *memStore) ScanArticles(ctx context.Context, f govwire.ArticleFilter, fn func(*govwire.Article) error) error {
	s.mu.Lock()
	arts := s.sortedBySeq()
	s.mu.Unlock()
	for _, a := range arts {
		if f.IDs != nil && !slices.Contains(f.IDs, a.ID) {
			continue
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return nil
}

var errNotInFake = govwire.Errorf(govwire.EINTERNAL, "not in the test store")

func (s *memStore) SeenURL(context.Context, string) (string, bool, error) {
	return "", false, errNotInFake
}
func (s *memStore) SaveArticle(context.Context, *govwire.Article) (govwire.SaveResult, error) {
	return 0, errNotInFake
}
func (s *memStore) Article(context.Context, string) (*govwire.Article, error) {
	return nil, errNotInFake
}
func (s *memStore) ClusterMembers(context.Context, string) ([]*govwire.Article, error) {
	return nil, errNotInFake
}
func (s *memStore) SaveClassification(context.Context, string, govwire.Classification) (bool, error) {
	return false, errNotInFake
}
