package main

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index/corpus"
)

// fixedQueries is the named fixed mix (the mix of issue 4): twelve queries
// repeated, so after the first round the index's caches answer them.
var fixedQueries = []string{
	"q=protest",
	"q=cloud+contract",
	"q=Oracle+protest+JWCC",
	"q=%22task+order%22",
	"q=%22cloud+contract%22&label=award",
	"q=conflict+of+interest&label=allegation",
	"q=JEDI&sort=date",
	"q=award&agency=Department+of+Defense",
	"q=bid&since=2025-06-01&until=2025-12-31",
	"q=Microsoft&page=3",
	"q=GAO+decision&collapse=1",
	"label=protest&sort=date",
}

// queryKinds are the classes of the unique mix with their weights (of 100).
var queryKinds = []struct {
	name   string
	weight int
}{
	{"keyword", 30}, {"phrase", 15}, {"field", 10}, {"filter", 15}, {"date-range", 10}, {"sort", 10}, {"deep-page", 10},
}

// querySet is the list of queries a run sends, as URL query strings of
// GET /v1/search, and how each should be read: repeat means the list is
// sent round and round (fixed, FILE), otherwise each query once.
type querySet struct {
	name   string
	list   []string
	repeat bool
}

// loadQueries returns the queries of -queries: "unique" (n generated
// queries, all different, from the corpus vocabulary of corpusSeed, drawn
// with seed), "fixed" (the named fixed mix), or a FILE of query strings,
// one a line ("q=oracle&label=protest"; # starts a comment).
func loadQueries(spec string, n int, seed, corpusSeed uint64) (*querySet, error) {
	switch spec {
	case "unique":
		return &querySet{name: fmt.Sprintf("unique (seed %d)", seed), list: uniqueQueries(n, seed, corpusSeed)}, nil
	case "fixed":
		return &querySet{name: "fixed", list: fixedQueries, repeat: true}, nil
	}
	f, err := os.Open(spec)
	if err != nil {
		return nil, fmt.Errorf("queries: %w", err)
	}
	defer f.Close()
	qs := &querySet{name: spec, repeat: true}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		if _, err := url.ParseQuery(s); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", spec, line, err)
		}
		qs.list = append(qs.list, s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("queries: %w", err)
	}
	if len(qs.list) == 0 {
		return nil, fmt.Errorf("%s: no queries", spec)
	}
	return qs, nil
}

// uniqueQueries draws n different queries of the kinds in queryKinds.
func uniqueQueries(n int, seed, corpusSeed uint64) []string {
	v := corpus.New(corpus.Options{Seed: corpusSeed}).Vocabulary()
	r := rand.New(rand.NewPCG(seed, seed^0x5bd1e995))
	var words []string
	for _, w := range v.Words {
		if len(w) >= 4 {
			words = append(words, w)
		}
	}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	// A keyword: mostly common words, a rare one now and then (the rare
	// list is ordered by frequency, so prefer its head).
	keyword := func() string {
		switch x := r.IntN(10); {
		case x < 5:
			return pick(words)
		case x < 8:
			return pick(words) + " " + pick(words)
		default:
			return v.Rare[int(float64(len(v.Rare))*r.Float64()*r.Float64())]
		}
	}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	out := make([]string, 0, n)
	for len(out) < n {
		p := url.Values{}
		switch kind := pickKind(r); kind {
		case "keyword":
			p.Set("q", keyword())
		case "phrase":
			p.Set("q", `"`+pick(v.Phrases)+`"`)
		case "field":
			if r.IntN(3) == 0 {
				p.Set("q", `vendors:"`+pick(v.Vendors)+`" `+pick(words))
			} else {
				p.Set("q", "title:"+pick(words))
			}
		case "filter":
			p.Set("q", keyword())
			switch r.IntN(4) {
			case 0:
				p.Set("label", pick(govwire.Labels))
			case 1:
				p.Set("vendor", pick(v.Vendors))
			case 2:
				p.Set("agency", pick(v.Agencies))
			default:
				p.Set("source", pick(v.Sources))
			}
		case "date-range":
			p.Set("q", keyword())
			since := start.AddDate(0, 0, r.IntN(600))
			p.Set("since", since.Format(time.DateOnly))
			p.Set("until", since.AddDate(0, 1+r.IntN(6), 0).Format(time.DateOnly))
		case "sort":
			if r.IntN(4) == 0 {
				p.Set("label", pick(govwire.Labels))
				p.Set("source", pick(v.Sources))
			} else {
				p.Set("q", keyword())
			}
			p.Set("sort", "date")
		case "deep-page":
			p.Set("q", keyword())
			p.Set("page", fmt.Sprint(2+r.IntN(40)))
		}
		s := p.Encode()
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func pickKind(r *rand.Rand) string {
	x := r.IntN(100)
	for _, k := range queryKinds {
		if x < k.weight {
			return k.name
		}
		x -= k.weight
	}
	return queryKinds[0].name
}
