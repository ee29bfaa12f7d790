package api_test

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
	"github.com/govwire/govwire/digest"
)

// axeSource returns axe-core's script, read from the file AXE_CORE_JS names
// (bash .ci/run installs the npm package axe-core into a cache directory
// and sets it). Without it the test is skipped, or fails when CI is set.
func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv("AXE_CORE_JS")
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("AXE_CORE_JS is not set and CI is: bash .ci/run installs axe-core with npm and sets it")
		}
		t.Skip("axe-core is not installed: npm install axe-core in a directory outside the repo and set " +
			"AXE_CORE_JS to its node_modules/axe-core/axe.min.js (bash .ci/run does this)")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read axe-core from AXE_CORE_JS: %v", err)
	}
	return string(b)
}

// axeViolation is one failed axe-core rule.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeRun is the script that runs axe-core on the page (injected first) and
// returns its violations with the first few elements of each.
const axeRun = `(async () => {
  const r = await axe.run(document, {resultTypes: ["violations"]});
  return r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + ": " + (n.failureSummary || "").replace(/\s+/g, " "))}));
})()`

// mustPass are rules the page must pass whatever impact axe gives them.
var mustPass = map[string]bool{"page-has-heading-one": true, "landmark-one-main": true, "region": true}

// TestAccessibility runs axe-core in headless Chromium over the search page
// (with hits and with none), the article view and the HTML digest, and
// fails on any serious or critical violation.
func TestAccessibility(t *testing.T) {
	src := axeSource(t)
	f := newFixture(t, corpus, func(c *api.Config) {
		ds, err := digest.NewService(digest.Options{Store: c.Store, DataDir: t.TempDir(),
			Digests: []govwire.DigestConfig{{Name: "daily"}}, BaseURL: "http://govwire.example"})
		if err != nil {
			t.Fatal(err)
		}
		c.Digests = ds
	})
	b := newBrowser(t)
	defer b.check(t)

	pages := []struct {
		name, path, ready string
	}{
		{"search page", "/", `document.getElementById('search-view').dataset.loaded && document.querySelector('#results .hit')`},
		{"search without hits", "/#/search?q=zzyzx&label=award", `document.querySelector('.no-hits')`},
		{"article view", "/#/article/" + f.ids["oracle-protest"], `document.querySelector('#article-view h1')`},
		{"HTML digest", "/v1/digests/today?format=html", `document.querySelector('h1')`},
	}
	for _, p := range pages {
		b.do(t, "open "+p.name, chromedp.Navigate(f.srv.URL+p.path), waitJS(p.ready))
		axeCheck(t, b, src, p.name)
	}
}

// axeCheck runs axe-core (src) on the page b shows, failing on serious or
// critical violations and logging the others.
func axeCheck(t *testing.T, b *browser, src, name string) {
	t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](src+"\n;true")); err != nil {
		t.Fatalf("%s: inject axe-core: %v", name, err)
	}
	found, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: run axe-core: %v", name, err)
	}
	for _, v := range found {
		if v.Impact == "serious" || v.Impact == "critical" || mustPass[v.ID] {
			t.Errorf("%s: %s (%s): %s\n  %s", name, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  "))
		} else {
			t.Logf("%s: minor: %s (%s): %s", name, v.ID, v.Impact, v.Help)
		}
	}
}
