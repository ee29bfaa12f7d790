package api_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
	"github.com/govwire/govwire/index"
)

// TestBrowserFacetEstimates searches an index that counts facets exactly
// only up to 20 matches: the API marks the sampled counts "exact": false,
// and the page must show each such count as "about N" and every exact one
// as a plain number, never an estimate as if it were exact.
func TestBrowserFacetEstimates(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, corpus, func(c *api.Config) {
		for _, a := range genArticles(200) {
			a.ID, a.Seq = "", 0
			if _, err := c.Store.SaveArticle(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		ix, err := index.NewMemoryWith(index.Options{Log: slog.New(slog.DiscardHandler), ExactFacetLimit: 20})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = ix.Close() })
		if _, err := ix.CatchUp(ctx, c.Store); err != nil {
			t.Fatal(err)
		}
		c.Searcher = ix
	})

	var res govwire.SearchResult
	f.getJSON(t, "/v1/search?sort=date&size=20", 200, &res)
	want := map[string]string{} // "param=value" -> the count text the page should show
	estimated := 0
	for _, g := range []struct {
		param  string
		counts []govwire.FacetCount
	}{{"label", res.Facets.Labels}, {"agency", res.Facets.Agencies}, {"vendor", res.Facets.Vendors},
		{"source", res.Facets.Sources}, {"month", res.Facets.Months}} {
		for _, c := range g.counts {
			text := fmt.Sprint(c.Count)
			if c.Count >= 1000 {
				text = fmt.Sprintf("%d,%03d", c.Count/1000, c.Count%1000)
			}
			if !c.Exact {
				text = "about " + text
				estimated++
			}
			want[g.param+"="+c.Value] = text
		}
	}
	if estimated == 0 {
		t.Fatalf("no facet count of %d matches is marked estimated: the test cannot tell the page's two cases apart", res.Total)
	}

	b := newBrowser(t)
	defer b.check(t)
	b.do(t, "open", chromedp.Navigate(f.srv.URL+"/"), loaded(""))
	shown := eval[map[string]string](t, b, `Object.fromEntries([...document.querySelectorAll('#facets button.facet-value')].map(b =>
		[b.dataset.param + "=" + b.dataset.value, b.querySelector('.count').textContent]))`)
	for key, text := range want {
		if shown[key] != text {
			t.Errorf("facet %s shows %q, want %q", key, shown[key], text)
		}
	}
	if n := eval[int](t, b, `document.querySelectorAll('#facets .count.estimate').length`); n != estimated {
		t.Errorf("%d counts styled as estimates, the API marked %d", n, estimated)
	}
	if !strings.HasPrefix(eval[string](t, b, `document.querySelector('#facets .count.estimate')?.closest('button').title || ''`), "estimated") {
		t.Error("an estimated count's button has no title saying so")
	}
}
