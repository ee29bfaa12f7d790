package index

import (
	"context"
	"testing"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index/corpus"
)

func genArticles(n int) []*govwire.Article {
	g := corpus.New(corpus.Options{Seed: 1})
	arts := make([]*govwire.Article, n)
	for i := range arts {
		arts[i] = g.Next()
	}
	return arts
}

// BenchmarkIndex measures batched indexing into an in-memory index.
func BenchmarkIndex(b *testing.B) {
	arts := genArticles(2000)
	b.ResetTimer()
	for b.Loop() {
		ix, err := NewMemory(nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.Index(context.Background(), arts); err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
	b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkSearch measures the query mix on a 5,000-article in-memory index,
// uncached (the index generation moves before every search) and cached.
func BenchmarkSearch(b *testing.B) {
	ix := memIndex(b, genArticles(5000))
	ctx := context.Background()
	for _, run := range []struct {
		name   string
		cached bool
	}{{"uncached", false}, {"cached", true}} {
		b.Run(run.name, func(b *testing.B) { benchSearch(b, ctx, ix, run.cached) })
	}
}

func benchSearch(b *testing.B, ctx context.Context, ix *Index, cached bool) {
	for _, class := range []string{"keyword", "phrase", "filtered", "broad"} {
		b.Run(class, func(b *testing.B) {
			n := 0
			for b.Loop() {
				for _, q := range benchQueries {
					if q.class != class {
						continue
					}
					if !cached {
						ix.forget()
					}
					if _, err := ix.Search(ctx, q.sq); err != nil {
						b.Fatal(err)
					}
					n++
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(n), "ms/query")
		})
	}
}
