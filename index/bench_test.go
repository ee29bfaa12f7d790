package index

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index/corpus"
	"github.com/govwire/govwire/index/fts5"
	"github.com/govwire/govwire/internal/procstat"
	"github.com/govwire/govwire/store"
)

// benchQuery is one query of the benchmark mix.
type benchQuery struct {
	class string
	sq    govwire.SearchQuery
}

// apiQuery is sq as the query string of GET /v1/search, which the FTS5
// baseline translates.
func apiQuery(sq govwire.SearchQuery) string {
	v := url.Values{}
	v.Set("q", sq.Q)
	for _, l := range sq.Labels {
		v.Add("label", l)
	}
	for _, x := range sq.Vendors {
		v.Add("vendor", x)
	}
	if !sq.Since.IsZero() {
		v.Set("since", sq.Since.Format(time.DateOnly))
	}
	return v.Encode()
}

var since2026 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

var benchQueries = []benchQuery{
	{"keyword", govwire.SearchQuery{Q: "+oracle +protest"}},
	{"keyword", govwire.SearchQuery{Q: "JWCC"}},
	{"keyword", govwire.SearchQuery{Q: "+conflict +interest"}},
	{"keyword", govwire.SearchQuery{Q: "WildandStormy"}},
	{"keyword", govwire.SearchQuery{Q: "+palantir +award"}},
	{"phrase", govwire.SearchQuery{Q: `"bid protest"`}},
	{"phrase", govwire.SearchQuery{Q: `"conflict of interest"`}},
	{"phrase", govwire.SearchQuery{Q: `"Government Accountability Office"`}},
	{"phrase", govwire.SearchQuery{Q: `"full and open competition"`}},
	{"filtered", govwire.SearchQuery{Q: "+cloud +contract", Labels: []string{"award"}}},
	{"filtered", govwire.SearchQuery{Q: "protest", Vendors: []string{"Oracle"}}},
	{"filtered", govwire.SearchQuery{Q: "+award +task", Labels: []string{"award"}, Since: since2026}},
	{"filtered", govwire.SearchQuery{Q: "inspector", Labels: []string{"allegation"}}},
	{"broad", govwire.SearchQuery{Q: "cloud"}},
	{"broad", govwire.SearchQuery{Q: "contract"}},
	{"broad", govwire.SearchQuery{Q: "+government +cloud"}},
}

// TestBenchReport measures the index on a generated corpus against SQLite
// FTS5 and prints a Markdown report. It runs only when GOVWIRE_BENCH_N is
// set:
//
//	GOVWIRE_BENCH_N=100000 go test -run BenchReport -timeout 2h -v ./index/
func TestBenchReport(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("GOVWIRE_BENCH_N"))
	if n == 0 {
		t.Skip("set GOVWIRE_BENCH_N to run the benchmark report")
	}
	reps := 20
	if r, _ := strconv.Atoi(os.Getenv("GOVWIRE_BENCH_REPS")); r > 0 {
		reps = r
	}
	ctx := context.Background()
	dir := t.TempDir()
	out := io.Writer(os.Stdout)
	fmt.Fprintf(out, "\n## Search benchmark: %d articles (seed 1), %d passes over %d queries\n\n", n, reps, len(benchQueries))
	fmt.Fprintf(out, "Machine: %s; load average at start %s\n\n", procstat.Machine(), procstat.LoadAvg())

	// 1. The corpus into the real store.
	g := corpus.New(corpus.Options{Seed: 1})
	arts := make([]*govwire.Article, n)
	st, err := store.Open(ctx, filepath.Join(dir, "govwire.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	start := time.Now()
	textBytes := 0
	for i := range arts {
		a := g.Next()
		a.Fingerprint = g.Fingerprint(a.ID)
		if _, err := st.SaveArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		arts[i] = a
		textBytes += len(a.Text) + len(a.Title)
	}
	fmt.Fprintf(out, "- corpus: %d articles, %.0f MB of title+text (mean %d bytes); store written in %s\n",
		n, float64(textBytes)/1e6, textBytes/n, time.Since(start).Round(time.Second))

	// 2. Reindex from the store.
	path := filepath.Join(dir, "index.bleve")
	cpu0, load := procstat.CPUTime(), procstat.LoadAvg()
	start = time.Now()
	restore := BulkGC() // as govwire reindex does
	if err := Rebuild(ctx, st, path, nil, nil); err != nil {
		t.Fatal(err)
	}
	restore()
	wall, cpu := time.Since(start), procstat.CPUTime()-cpu0
	ixSize := dirSize(path)
	fmt.Fprintf(out, "- reindex from the store: %s wall, %s CPU (load average before %s): **%.0f articles/s** wall, %.0f articles per CPU-second\n",
		wall.Round(time.Millisecond), cpu.Round(time.Millisecond), load, float64(n)/wall.Seconds(), float64(n)/cpu.Seconds())

	// 3. The FTS5 baseline.
	fdb := filepath.Join(dir, "fts5.db")
	f, err := fts5.Open(fdb)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cpu0 = procstat.CPUTime()
	start = time.Now()
	for i := 0; i < n; i += 5000 {
		if err := f.Add(ctx, arts[i:min(i+5000, n)]); err != nil {
			t.Fatal(err)
		}
	}
	fwall, fcpu := time.Since(start), procstat.CPUTime()-cpu0
	if err := f.Checkpoint(); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(fdb)
	fmt.Fprintf(out, "- FTS5 build (docs + tags + fts5, one transaction per 5,000): %s wall, %s CPU: %.0f articles/s (Bleve/FTS5 time: %.2fx)\n",
		fwall.Round(time.Millisecond), fcpu.Round(time.Millisecond), float64(n)/fwall.Seconds(), wall.Seconds()/fwall.Seconds())
	fmt.Fprintf(out, "- size on disk: Bleve %.0f MB, FTS5 database %.0f MB (its docs table holds the text, as Bleve's stored fields do): ratio %.2fx\n\n",
		float64(ixSize)/1e6, float64(fi.Size())/1e6, float64(ixSize)/float64(fi.Size()))
	arts = nil

	// 4. Query latency, one client in process, engines interleaved.
	ix, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	lat := map[string]map[string][]time.Duration{"bleve": {}, "fts5": {}}
	totals := make([][2]int, len(benchQueries))
	for pass := range reps + 1 {
		for i, q := range benchQueries {
			s := time.Now()
			ix.forget() // measure the search, not the cache
			res, err := ix.Search(ctx, q.sq)
			if err != nil {
				t.Fatalf("bleve %q: %v", q.sq.Q, err)
			}
			d1 := time.Since(s)
			s = time.Now()
			tot, err := f.Search(ctx, apiQuery(q.sq))
			if err != nil {
				t.Fatalf("fts5 %q: %v", apiQuery(q.sq), err)
			}
			d2 := time.Since(s)
			if pass == 0 { // warm-up
				totals[i] = [2]int{int(res.Total), tot}
				continue
			}
			for _, c := range []string{q.class, "all"} {
				lat["bleve"][c] = append(lat["bleve"][c], d1)
				lat["fts5"][c] = append(lat["fts5"][c], d2)
			}
		}
	}
	fmt.Fprintf(out, "| class | Bleve p50 | Bleve p99 | FTS5 p50 | FTS5 p99 | Bleve/FTS5 p50 | Bleve/FTS5 p99 |\n|---|---|---|---|---|---|---|\n")
	for _, c := range []string{"keyword", "phrase", "filtered", "broad", "all"} {
		b, s := lat["bleve"][c], lat["fts5"][c]
		fmt.Fprintf(out, "| %s | %s | %s | %s | %s | %.2fx | %.2fx |\n", c, ms(pct(b, 50)), ms(pct(b, 99)), ms(pct(s, 50)), ms(pct(s, 99)),
			pct(b, 50).Seconds()/pct(s, 50).Seconds(), pct(b, 99).Seconds()/pct(s, 99).Seconds())
	}
	fmt.Fprintf(out, "\nMatching articles per query (Bleve / FTS5; tokenisers differ slightly):\n\n")
	for i, q := range benchQueries {
		fmt.Fprintf(out, "- %s `%s`%s: %d / %d\n", q.class, q.sq.Q, filterNote(q.sq), totals[i][0], totals[i][1])
	}
}

func filterNote(sq govwire.SearchQuery) string {
	var parts []string
	if len(sq.Labels) > 0 {
		parts = append(parts, "label="+strings.Join(sq.Labels, ","))
	}
	if len(sq.Vendors) > 0 {
		parts = append(parts, "vendor="+strings.Join(sq.Vendors, ","))
	}
	if !sq.Since.IsZero() {
		parts = append(parts, "since="+sq.Since.Format("2006-01-02"))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, " ") + ")"
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[min(max(i-1, 0), len(s)-1)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
