package classify

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	ahocorasick "github.com/BobuSumisu/aho-corasick"
	petar "github.com/petar-dambovaliev/aho-corasick"

	"github.com/govwire/govwire"
)

// benchDoc builds a ~5 KB article from our own written cases.
func benchDoc(b *testing.B) govwire.Document {
	b.Helper()
	f, err := os.Open("testdata/cases.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	cases, err := readCases(f)
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	for i := 0; sb.Len() < 5000; i++ {
		sb.WriteString(cases[i%len(cases)].Text)
		sb.WriteString("\n\n")
	}
	return govwire.Document{ID: "bench", Title: cases[0].Title, Text: sb.String()}
}

// BenchmarkClassify is the in-process speed on one ~5 KB article.
func BenchmarkClassify(b *testing.B) {
	e, err := Load("")
	if err != nil {
		b.Fatal(err)
	}
	d := benchDoc(b)
	b.ReportAllocs()
	cpuMBps(b, len(d.Title)+len(d.Text), func() { e.Classify(d) })
}

// BenchmarkMatcher is the ceiling: folding plus one automaton pass, no rules.
func BenchmarkMatcher(b *testing.B) {
	e, err := Load("")
	if err != nil {
		b.Fatal(err)
	}
	d := benchDoc(b)
	sc := e.pool.Get().(*scratch)
	cpuMBps(b, len(d.Title)+len(d.Text), func() { e.scan(sc, d) })
}

// benchPatterns returns the automaton's patterns and a folded 5 KB buffer.
func benchPatterns(b *testing.B) ([]string, []byte) {
	e, err := Load("")
	if err != nil {
		b.Fatal(err)
	}
	d := benchDoc(b)
	var f folder
	f.add(d.Title, fieldTitle)
	f.add(d.Text, fieldText)
	return e.texts, f.buf
}

// BenchmarkWordAutomaton is the raw walk of our word-code automaton over
// the same document, encoded.
func BenchmarkWordAutomaton(b *testing.B) {
	e, err := Load("")
	if err != nil {
		b.Fatal(err)
	}
	d := benchDoc(b)
	sc := e.pool.Get().(*scratch)
	e.scan(sc, d)
	e.encode(sc)
	n := 0
	cpuMBps(b, len(d.Title)+len(d.Text), func() { e.ac.walk(sc.codes, func(end int, p int32) { n++ }) })
}

// BenchmarkWordAutomatonLib is the same walk with the library's automaton
// over the same codes, two bytes each (the engine before wordAC).
func BenchmarkWordAutomatonLib(b *testing.B) {
	e, err := Load("")
	if err != nil {
		b.Fatal(err)
	}
	d := benchDoc(b)
	sc := e.pool.Get().(*scratch)
	e.scan(sc, d)
	e.encode(sc)
	tr := libTrie(b, e)
	in := codeBytes(sc.codes)
	n := 0
	cpuMBps(b, len(d.Title)+len(d.Text), func() { tr.Walk(in, func(end, l, p int64) bool { n++; return true }) })
}

// BenchmarkLibBobuSumisu and BenchmarkLibPetar compare the two
// Aho-Corasick libraries on our patterns, overlapping matches, raw walk.
func BenchmarkLibBobuSumisu(b *testing.B) {
	pats, buf := benchPatterns(b)
	tb := ahocorasick.NewTrieBuilder()
	tb.AddStrings(pats)
	tr := tb.Build()
	n := 0
	cpuMBps(b, len(buf), func() { tr.Walk(buf, func(end, l, p int64) bool { n++; return true }) })
}

func BenchmarkLibPetar(b *testing.B) {
	pats, buf := benchPatterns(b)
	bld := petar.NewAhoCorasickBuilder(petar.Opts{MatchKind: petar.StandardMatch, DFA: true})
	ac := bld.Build(pats)
	n := 0
	cpuMBps(b, len(buf), func() {
		it := ac.IterOverlappingByte(buf)
		for m := it.Next(); m != nil; m = it.Next() {
			n++
		}
	})
}

// BenchmarkCompile compiles the built-in rule set.
func BenchmarkCompile(b *testing.B) {
	for b.Loop() {
		if _, err := Load(""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStream is "govwire classify" end to end: JSON Lines in, JSON
// Lines out, through ClassifyStream.
func BenchmarkStream(b *testing.B) {
	e, err := Load("")
	if err != nil {
		b.Fatal(err)
	}
	d := benchDoc(b)
	line, _ := json.Marshal(d)
	in := bytes.Repeat(append(line, '\n'), 64)
	cpuMBps(b, len(in), func() {
		if _, err := ClassifyStream(context.Background(), e, bytes.NewReader(in), io.Discard); err != nil {
			b.Fatal(err)
		}
	})
}

// cpuTime returns the process's user+system CPU time. On a shared machine
// wall-clock ns/op counts time spent waiting for a core; CPU time does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuMBps runs fn b.N times and reports throughput per CPU second as
// "cpu-MB/s", beside the wall-clock MB/s of SetBytes.
func cpuMBps(b *testing.B, bytes int, fn func()) {
	b.SetBytes(int64(bytes))
	start := cpuTime()
	n := 0
	for b.Loop() {
		fn()
		n++
	}
	if used := cpuTime() - start; used > 0 {
		b.ReportMetric(float64(bytes)*float64(n)/used.Seconds()/1e6, "cpu-MB/s")
	}
}

// BenchmarkClassifyDev classifies the 49 real dev-set excerpts (read from
// ../shared/eval at run time; skipped when absent): real news density of
// rule terms rather than our term-dense written cases.
func BenchmarkClassifyDev(b *testing.B) {
	gold := readDev(b)
	e, err := Load("")
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]govwire.Document, len(gold))
	n := 0
	for i, g := range gold {
		docs[i] = g.Document()
		n += len(g.Title) + len(g.Text)
	}
	b.ReportAllocs()
	cpuMBps(b, n, func() {
		for _, d := range docs {
			e.Classify(d)
		}
	})
}
