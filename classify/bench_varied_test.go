package classify

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/govwire/govwire"
)

// variedDocs builds n different ~5 KB articles, each from randomly chosen
// texts of every testdata/*.jsonl file (written cases and held-out
// excerpts), so that a benchmark does not replay one article the branch
// predictor and caches have learnt.
func variedDocs(tb testing.TB, n int) []govwire.Document {
	tb.Helper()
	titles, texts := testdataTexts(tb)
	if len(texts) == 0 {
		tb.Skip("no texts in testdata")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	docs := make([]govwire.Document, n)
	for i := range docs {
		var sb strings.Builder
		for sb.Len() < 5000 {
			sb.WriteString(texts[rng.IntN(len(texts))])
			sb.WriteString("\n\n")
		}
		docs[i] = govwire.Document{ID: "v", Title: titles[rng.IntN(len(titles))], Text: sb.String()}
	}
	return docs
}

// BenchmarkClassifyVaried classifies 256 different ~5 KB articles.
func BenchmarkClassifyVaried(b *testing.B) {
	e, err := Load("")
	if err != nil {
		b.Fatal(err)
	}
	docs := variedDocs(b, 256)
	size := 0
	for _, d := range docs {
		size += len(d.Title) + len(d.Text)
	}
	b.ReportAllocs()
	cpuMBps(b, size, func() {
		for _, d := range docs {
			e.Classify(d)
		}
	})
}

// BenchmarkMatcherVaried is the matcher (fold, codes, walk, hit lists) on
// the same 256 articles: the ceiling of ClassifyVaried.
func BenchmarkMatcherVaried(b *testing.B) {
	e, err := Load("")
	if err != nil {
		b.Fatal(err)
	}
	docs := variedDocs(b, 256)
	size := 0
	for _, d := range docs {
		size += len(d.Title) + len(d.Text)
	}
	sc := e.pool.Get().(*scratch)
	cpuMBps(b, size, func() {
		for _, d := range docs {
			e.scan(sc, d)
		}
	})
}

// BenchmarkStreamVaried is "govwire classify" on the 256 articles as JSON
// Lines.
func BenchmarkStreamVaried(b *testing.B) {
	e, err := Load("")
	if err != nil {
		b.Fatal(err)
	}
	var in bytes.Buffer
	for _, d := range variedDocs(b, 256) {
		line, _ := json.Marshal(d)
		in.Write(line)
		in.WriteByte('\n')
	}
	cpuMBps(b, in.Len(), func() {
		if _, err := ClassifyStream(context.Background(), e, bytes.NewReader(in.Bytes()), io.Discard); err != nil {
			b.Fatal(err)
		}
	})
}

// testdataTexts returns the title and text of every line of every
// testdata/*.jsonl file that has a text.
func testdataTexts(tb testing.TB) (titles, texts []string) {
	tb.Helper()
	files, _ := filepath.Glob("testdata/*.jsonl")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			tb.Fatal(err)
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			var d struct{ Title, Text string }
			if json.Unmarshal(line, &d) == nil && d.Text != "" {
				texts, titles = append(texts, d.Text), append(titles, d.Title)
			}
		}
	}
	return titles, texts
}

// BenchmarkReferenceVaried is a fixed yardstick on the same 256 articles
// that none of our code takes part in: the standard library splits each
// into words and lower-cases every letter, allocating nothing. ClassifyVaried's cpu-MB/s divided by this
// one's is a ratio that moves with our code, not with the machine or its
// load (docs/bench/classify.md, "Budgets").
func BenchmarkReferenceVaried(b *testing.B) {
	docs := variedDocs(b, 256)
	size := 0
	for _, d := range docs {
		size += len(d.Title) + len(d.Text)
	}
	var sum rune
	cpuMBps(b, size, func() {
		for _, d := range docs {
			for _, s := range [2]string{d.Title, d.Text} {
				for w := range strings.FieldsSeq(s) {
					for _, r := range w {
						sum += unicode.ToLower(r)
					}
				}
			}
		}
	})
}
