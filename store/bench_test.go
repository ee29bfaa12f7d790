package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/govwire/govwire"
)

// benchArticle is article i with about 5 KB of text.
func benchArticle(i int) *govwire.Article {
	a := article(i, "bench")
	a.Text = strings.Repeat(fmt.Sprintf("Paragraph of story %d on the cloud contract award. ", i), 100)[:5000]
	return a
}

func BenchmarkSaveArticleCreate(b *testing.B) {
	db := openTest(b)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := db.SaveArticle(ctx, benchArticle(i)); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

func BenchmarkSaveArticleUnchanged(b *testing.B) {
	db := openTest(b)
	ctx := context.Background()
	a := benchArticle(1)
	if _, err := db.SaveArticle(ctx, a); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if res, err := db.SaveArticle(ctx, benchArticle(1)); err != nil || res != govwire.SaveUnchanged {
			b.Fatal(res, err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// seedBench stores n ~5 KB articles in one transaction.
func seedBench(b *testing.B, db *DB, n int) {
	arts := make([]*govwire.Article, n)
	for i := range arts {
		arts[i] = benchArticle(i)
	}
	saveAll(b, db, arts)
}

func BenchmarkScanArticles(b *testing.B) {
	const n = 10_000
	for _, tc := range []struct {
		name string
		f    govwire.ArticleFilter
	}{
		{"all", govwire.ArticleFilter{}},
		{"no_text", govwire.ArticleFilter{NoText: true}},
		{"label", govwire.ArticleFilter{Labels: []string{govwire.LabelProtest}}},
		{"one_per_cluster", govwire.ArticleFilter{OnePerCluster: true}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			db := openTest(b)
			seedBench(b, db, n)
			ctx := context.Background()
			rows := 0
			b.ResetTimer()
			for b.Loop() {
				err := db.ScanArticles(ctx, tc.f, func(*govwire.Article) error { rows++; return nil })
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

func BenchmarkChangesSince(b *testing.B) {
	const n, batch = 10_000, 500
	db := openTest(b)
	seedBench(b, db, n)
	ctx := context.Background()
	rows := 0
	b.ResetTimer()
	for b.Loop() {
		seq := int64(0)
		for {
			got, err := db.ChangesSince(ctx, seq, batch)
			if err != nil {
				b.Fatal(err)
			}
			if len(got) == 0 {
				break
			}
			rows += len(got)
			seq = got[len(got)-1].Seq
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
