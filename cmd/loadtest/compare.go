package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index"
	"github.com/govwire/govwire/index/fts5"
	"github.com/govwire/govwire/internal/procstat"
	"github.com/govwire/govwire/store"
)

// compareFTS5 runs the last o.compare queries of qs (never sent to the
// server in a unique run, so no cache answers them) one at a time in this
// process, against ix and against the FTS5 baseline, and prints both.
func compareFTS5(ctx context.Context, out io.Writer, o options, db *store.DB, ix *index.Index, qs *querySet, rep *report) error {
	var f *fts5.DB
	_, statErr := os.Stat(o.fts5)
	if o.rebuildFTS5 || statErr != nil {
		start, cpu0 := time.Now(), procstat.CPUTime()
		var n int
		var err error
		f, n, err = fts5.Build(ctx, o.fts5, func(fn func(*govwire.Article) error) error {
			return db.ScanArticles(ctx, govwire.ArticleFilter{}, fn)
		})
		if err != nil {
			return err
		}
		wall := time.Since(start)
		_, _ = fmt.Fprintf(out, "FTS5 baseline built: %d articles in %s (%s CPU): %.0f articles/s\n",
			n, wall.Round(time.Millisecond), (procstat.CPUTime() - cpu0).Round(time.Millisecond), float64(n)/wall.Seconds())
	} else {
		var err error
		if f, err = fts5.Open(o.fts5); err != nil {
			return err
		}
	}
	defer f.Close()

	list := qs.list[max(len(qs.list)-o.compare, 0):]
	var bl, fl []time.Duration
	var bcpu, fcpu time.Duration
	for _, q := range list {
		sq, err := toSearchQuery(q)
		if err != nil {
			return err
		}
		c0, t0 := procstat.CPUTime(), time.Now()
		_, err = ix.Search(ctx, sq)
		if err != nil && govwire.ErrorCode(err) != govwire.EINVALID {
			return fmt.Errorf("bleve %q: %w", q, err)
		}
		bl, bcpu = append(bl, time.Since(t0)), bcpu+procstat.CPUTime()-c0
		c0, t0 = procstat.CPUTime(), time.Now()
		if _, err := f.Search(ctx, q); err != nil {
			return err
		}
		fl, fcpu = append(fl, time.Since(t0)), fcpu+procstat.CPUTime()-c0
	}
	slices.Sort(bl)
	slices.Sort(fl)
	p := func(ds []time.Duration, q float64) float64 {
		return float64(ds[min(len(ds)-1, int(q*float64(len(ds))))].Microseconds()) / 1000
	}
	n := float64(len(list))
	_, _ = fmt.Fprintf(out, "in process, one at a time, %d unseen queries of the same list:\n", len(list))
	_, _ = fmt.Fprintf(out, "  Bleve p50 %.2f ms  p99 %.2f ms  CPU %.2f ms/query\n", p(bl, .5), p(bl, .99), float64(bcpu.Microseconds())/1000/n)
	_, _ = fmt.Fprintf(out, "  FTS5  p50 %.2f ms  p99 %.2f ms  CPU %.2f ms/query\n", p(fl, .5), p(fl, .99), float64(fcpu.Microseconds())/1000/n)
	_, _ = fmt.Fprintf(out, "  Bleve/FTS5: p50 %.2fx, p99 %.2fx, CPU %.2fx\n", p(bl, .5)/p(fl, .5), p(bl, .99)/p(fl, .99), bcpu.Seconds()/fcpu.Seconds())
	return nil
}

// toSearchQuery reads a query string of GET /v1/search as the API does.
func toSearchQuery(qs string) (govwire.SearchQuery, error) {
	v, err := url.ParseQuery(qs)
	if err != nil {
		return govwire.SearchQuery{}, err
	}
	sq := govwire.SearchQuery{Q: v.Get("q"), Sort: v.Get("sort")}
	for _, x := range []struct {
		key string
		to  *[]string
	}{{"label", &sq.Labels}, {"vendor", &sq.Vendors}, {"agency", &sq.Agencies}, {"source", &sq.Sources}} {
		if s := v.Get(x.key); s != "" {
			*x.to = []string{s}
		}
	}
	if s := v.Get("since"); s != "" {
		sq.Since, _ = time.Parse(time.DateOnly, s)
	}
	if s := v.Get("until"); s != "" {
		t, _ := time.Parse(time.DateOnly, s)
		sq.Until = t.AddDate(0, 0, 1)
	}
	fmt.Sscan(v.Get("page"), &sq.Page)
	sq.Collapse = v.Get("collapse") != ""
	return sq, nil
}
