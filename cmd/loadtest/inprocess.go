package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index"
	"github.com/govwire/govwire/internal/procstat"
)

// inProcess runs the first o.inProcess queries of qs one at a time in this
// process against ix (no HTTP, no clients, no writes) and prints the CPU
// time per query, overall and by kind: the figure to compare two versions
// of the index with on a busy machine. With o.dump it also writes each
// result (total, hits, cursor, facets) as a JSON line, so that two versions'
// answers can be compared with diff.
func inProcess(ctx context.Context, out io.Writer, o options, ix *index.Index, qs *querySet) error {
	list := qs.list[:min(o.inProcess, len(qs.list))]
	var dump *json.Encoder
	if o.dump != "" {
		f, err := os.Create(o.dump)
		if err != nil {
			return err
		}
		defer f.Close()
		dump = json.NewEncoder(f)
	}
	stopProfile, err := procstat.StartCPUProfile(o.cpuProfile)
	if err != nil {
		return err
	}
	defer stopProfile()
	type kindStat struct {
		n   int
		cpu time.Duration
	}
	byKind := map[string]*kindStat{}
	var lat []time.Duration
	var total time.Duration
	type costly struct {
		q   string
		cpu time.Duration
	}
	var costs []costly
	for _, q := range list {
		sq, err := toSearchQuery(q)
		if err != nil {
			return err
		}
		c0, t0 := procstat.CPUTime(), time.Now()
		res, err := ix.Search(ctx, sq)
		if err != nil && govwire.ErrorCode(err) != govwire.EINVALID {
			return fmt.Errorf("search %q: %w", q, err)
		}
		cpu := procstat.CPUTime() - c0
		lat, total = append(lat, time.Since(t0)), total+cpu
		costs = append(costs, costly{q, cpu})
		k := queryKind(q)
		if byKind[k] == nil {
			byKind[k] = &kindStat{}
		}
		byKind[k].n++
		byKind[k].cpu += cpu
		if dump != nil {
			if err := dump.Encode(dumpLine(q, res, err)); err != nil {
				return fmt.Errorf("dump: %w", err)
			}
		}
	}
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	pct := func(q float64) float64 { return ms(lat[min(len(lat)-1, int(q*float64(len(lat))))]) }
	_, _ = fmt.Fprintf(out, "in process, one at a time, %d queries: CPU %.2f ms/query, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms (load average after %s)\n",
		len(list), ms(total)/float64(max(len(list), 1)), pct(.5), pct(.9), pct(.99), procstat.LoadAvg())
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		s := byKind[k]
		_, _ = fmt.Fprintf(out, "  %-10s %4d queries, CPU %.2f ms/query\n", k, s.n, ms(s.cpu)/float64(s.n))
	}
	slices.SortStableFunc(costs, func(a, b costly) int { return int(b.cpu - a.cpu) })
	for _, c := range costs[:min(o.slowest, len(costs))] {
		_, _ = fmt.Fprintf(out, "  slow: %7.2f ms CPU  %s\n", ms(c.cpu), c.q)
	}
	return nil
}

// queryKind tells which kind of the unique mix the query string q is.
func queryKind(q string) string {
	v, _ := url.ParseQuery(q)
	switch text := v.Get("q"); {
	case v.Get("page") != "":
		return "deep-page"
	case v.Get("sort") != "":
		return "sort"
	case v.Get("since") != "":
		return "date-range"
	case v.Get("label") != "" || v.Get("vendor") != "" || v.Get("agency") != "" || v.Get("source") != "":
		return "filter"
	case strings.HasPrefix(text, `"`):
		return "phrase"
	case strings.Contains(text, ":"):
		return "field"
	}
	return "keyword"
}

// dumpLine is what the dump records of one search.
func dumpLine(q string, res *govwire.SearchResult, err error) any {
	if err != nil {
		return map[string]any{"q": q, "error": err.Error()}
	}
	return map[string]any{"q": q, "total": res.Total, "hits": res.Hits, "next": res.Next, "facets": res.Facets}
}
