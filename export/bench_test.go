package export

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/store"
)

// benchStore builds (once per process) a store of GOVWIRE_BENCH_N articles
// (default 5000) with ~5 KB of text each.
func benchStore(b *testing.B) *store.DB {
	b.Helper()
	n := 5000
	if v, err := strconv.Atoi(os.Getenv("GOVWIRE_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	para := "The agency said the cloud contract, worth up to $2.1 billion over ten years, drew proposals from several vendors. "
	text := strings.Repeat(para, 5000/len(para))
	for i := range n {
		a := &govwire.Article{
			URL: fmt.Sprintf("https://example.org/%d", i), CanonicalURL: fmt.Sprintf("https://example.org/%d", i),
			Source: "bench", Title: fmt.Sprintf("Story %d", i), Text: fmt.Sprintf("%d %s", i, text),
			Published: time.Unix(1.7e9+int64(i)*60, 0), ContentHash: strconv.Itoa(i), Fingerprint: fingerprint(i),
			Classification: govwire.Classification{OnTopic: true, Labels: []string{"award"}, Ruleset: "r",
				Scores:   map[string]float64{"award": 2},
				Evidence: []govwire.Evidence{{Rule: "a", Label: "award", Field: "text", Start: 4, End: 10, Text: "agency"}}},
		}
		if _, err := db.SaveArticle(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	return db
}

// BenchmarkExport reports MB/s of article text and title exported (the
// same measure for every format and for the scan-only baseline) and, as
// out-MB/s, the bytes each format wrote.
func BenchmarkExport(b *testing.B) {
	db := benchStore(b)
	var textBytes int64
	err := db.ScanArticles(context.Background(), govwire.ArticleFilter{}, func(a *govwire.Article) error {
		textBytes += int64(len(a.Text) + len(a.Title))
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, format := range Formats {
		b.Run(format, func(b *testing.B) {
			var out int64
			for b.Loop() {
				st, err := (&Exporter{Store: db}).Export(context.Background(), io.Discard, govwire.ExportRequest{Format: format})
				if err != nil {
					b.Fatal(err)
				}
				out = st.Bytes
			}
			b.SetBytes(textBytes)
			b.ReportMetric(float64(out)/1e6/(b.Elapsed().Seconds()/float64(b.N)), "out-MB/s")
		})
	}
	// The baseline: reading the same rows from the store and doing nothing.
	b.Run("scan-only", func(b *testing.B) {
		var n int64
		for b.Loop() {
			n = 0
			err := db.ScanArticles(context.Background(), govwire.ArticleFilter{}, func(a *govwire.Article) error {
				n += int64(len(a.Text) + len(a.Title))
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(n)
	})
}
