package api_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
	"github.com/govwire/govwire/index"
)

// Vocabulary of the generated corpus.
var (
	genVendors    = []string{"Amazon Web Services", "Microsoft", "Google", "Oracle", "IBM", "General Dynamics IT", "Leidos", "Booz Allen Hamilton"}
	genAgencies   = []string{"Department of Defense", "Central Intelligence Agency", "National Security Agency", "Department of Homeland Security", "Crown Commercial Service", "General Services Administration"}
	genProgrammes = []string{"JWCC", "JEDI", "C2E", "G-Cloud", "FedRAMP", "Cloud One"}
	genSources    = []string{"fedscoop", "nextgov", "defensenews", "govexec", "computerweekly", "washingtontechnology", "breakingdefense"}
	genFiller     = []string{
		"Officials said the migration would take several years and involve classified workloads.",
		"The contract has a ceiling value that analysts described as one of the largest in federal IT.",
		"Industry groups have urged the government to keep competition open among commercial providers.",
		"A spokesperson declined to comment on the evaluation or on the timeline for the next task orders.",
		"Lawmakers asked for a briefing on the security controls and the cost of moving data between clouds.",
		"The agency expects to publish a revised statement of work before the end of the fiscal year.",
	}
)

// genArticles returns n articles built from templates with a fixed seed.
func genArticles(n int) []*govwire.Article {
	r := rand.New(rand.NewPCG(1, 2))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	arts := make([]*govwire.Article, 0, n)
	for i := range n {
		vendor, agency, prog := pick(genVendors), pick(genAgencies), pick(genProgrammes)
		label := govwire.Labels[r.IntN(len(govwire.Labels))]
		var title, lead string
		switch label {
		case govwire.LabelAward:
			title = fmt.Sprintf("%s awards %s cloud task order to %s", agency, prog, vendor)
			lead = fmt.Sprintf("The %s awarded %s a task order worth $%d million under the %s contract.", agency, vendor, 10+r.IntN(900), prog)
		case govwire.LabelProtest:
			title = fmt.Sprintf("%s files protest over %s award", vendor, prog)
			lead = fmt.Sprintf("%s filed a bid protest with the Government Accountability Office over the %s decision on %s.", vendor, agency, prog)
		case govwire.LabelAllegation:
			title = fmt.Sprintf("Inspector general probes %s conflict of interest claims", prog)
			lead = fmt.Sprintf("Allegations of a conflict of interest at the %s involve a former official who later joined %s.", agency, vendor)
		default:
			title = fmt.Sprintf("%s submits bid for %s cloud contract", vendor, prog)
			lead = fmt.Sprintf("%s submitted a bid for the %s %s solicitation, which closes next month.", vendor, agency, prog)
		}
		var text strings.Builder
		text.WriteString(lead)
		for range 4 + r.IntN(6) {
			text.WriteString(" " + pick(genFiller))
		}
		src := pick(genSources)
		u := fmt.Sprintf("https://%s.example/%d", src, i)
		a := &govwire.Article{ID: govwire.ArticleID(u), URL: u, CanonicalURL: u, FinalURL: u,
			Source: src, Title: title, Text: text.String(), Published: start.Add(time.Duration(r.IntN(700*24)) * time.Hour),
			Seq: int64(i + 1),
			Classification: govwire.Classification{OnTopic: true, Labels: []string{label}, Ruleset: "bench",
				Scores: map[string]float64{label: 0.8, "on_topic": 0.9}}}
		a.ClusterID = a.ID
		a.Fetched = a.Published
		for typ, v := range map[string]string{govwire.EntityVendor: vendor, govwire.EntityAgency: agency, govwire.EntityProgramme: prog} {
			a.Entities = append(a.Entities, govwire.Entity{Type: typ, Text: v, Value: v, Field: "text"})
		}
		arts = append(arts, a)
	}
	return arts
}

// benchQueries is the mix: keyword, phrase, filtered, date-sorted, collapsed.
var benchQueries = []string{
	"q=" + url.QueryEscape("Oracle protest JWCC"),
	"q=" + url.QueryEscape(`"conflict of interest"`),
	"q=cloud&label=award&agency=" + url.QueryEscape("Department of Defense"),
	"label=protest&sort=date&since=2025-01-01",
	"q=" + url.QueryEscape("task order") + "&vendor=Microsoft&collapse=true",
	"q=migration&page=3",
}

// BenchmarkSearchHTTP measures GET /v1/search over loopback with 16
// concurrent clients and reports p50, p99 and requests per second: against
// an in-memory Bleve index of 5,000 generated articles, and against a
// searcher that returns a fixed page (the cost of the HTTP layer alone).
func BenchmarkSearchHTTP(b *testing.B) {
	ctx := context.Background()
	ix, err := index.NewMemory(slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	arts := genArticles(5000)
	for i := 0; i < len(arts); i += 1000 {
		if err := ix.Index(ctx, arts[i:min(i+1000, len(arts))]); err != nil {
			b.Fatal(err)
		}
	}
	page, err := ix.Search(ctx, govwire.SearchQuery{Q: "cloud"})
	if err != nil || len(page.Hits) == 0 {
		b.Fatalf("search: %v (%d hits)", err, len(page.Hits))
	}
	b.Run("bleve-5k", func(b *testing.B) { load(b, ix) })
	b.Run("fixed-page", func(b *testing.B) { load(b, fixedSearcher{page}) })
}

// fixedSearcher answers every search with the same page.
type fixedSearcher struct{ res *govwire.SearchResult }

func (f fixedSearcher) Search(context.Context, govwire.SearchQuery) (*govwire.SearchResult, error) {
	res := *f.res
	return &res, nil
}

// load sends b.N searches from 16 concurrent clients and reports latency
// percentiles and throughput.
func load(b *testing.B, s govwire.Searcher) {
	srv := httptest.NewServer(api.New(api.Config{Searcher: s}).Handler())
	defer srv.Close()
	const clients = 16
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	defer client.CloseIdleConnections()

	lat := make([]time.Duration, b.N)
	var mu sync.Mutex
	next := 0
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for {
				mu.Lock()
				n := next
				next++
				mu.Unlock()
				if n >= b.N {
					return
				}
				q := benchQueries[n%len(benchQueries)]
				t0 := time.Now()
				resp, err := client.Get(srv.URL + "/v1/search?" + q)
				if err != nil {
					b.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Errorf("query %s: status %d", q, resp.StatusCode)
					return
				}
				lat[n] = time.Since(t0)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50_ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99_ms")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
}
