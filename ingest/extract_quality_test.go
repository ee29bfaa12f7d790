package ingest

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode"

	"github.com/govwire/govwire/demo"
)

// tokenF1 is the token-level F1 of got against want, the measure of
// article-extraction benchmarks: bags of lower-cased word tokens.
func tokenF1(got, want string) float64 {
	split := func(s string) map[string]int {
		m := map[string]int{}
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			m[w]++
		}
		return m
	}
	g, w := split(got), split(want)
	var common, ng, nw int
	for t, c := range g {
		common += min(c, w[t])
		ng += c
	}
	for _, c := range w {
		nw += c
	}
	if common == 0 {
		return 0
	}
	p, r := float64(common)/float64(ng), float64(common)/float64(nw)
	return 2 * p * r / (p + r)
}

// TestExtractionQualityOnDemoPages extracts every page of the bundled
// sample (three outlet designs with navigation, sidebars, ads, comments and
// footers) and scores the text against the story as written.
func TestExtractionQualityOnDemoPages(t *testing.T) {
	ctx := context.Background()
	srv, err := demo.Start(ctx, demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	var sum float64
	var n int
	worst, worstPath := 1.0, ""
	for _, st := range demo.Stories() {
		resp, err := http.Get(srv.URL() + st.Path)
		if err != nil {
			t.Fatal(err)
		}
		page, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		ex, err := Extract(ctx, page, srv.URL()+st.Path, "")
		if err != nil {
			t.Errorf("%s: %v", st.Path, err)
			continue
		}
		want, err := demo.Body(st)
		if err != nil {
			t.Fatal(err)
		}
		f := tokenF1(ex.Text, want)
		if f < worst {
			worst, worstPath = f, st.Path
		}
		sum += f
		n++
		if ex.Title != st.Title {
			t.Errorf("%s: title %q, want %q", st.Path, ex.Title, st.Title)
		}
	}
	mean := sum / float64(n)
	t.Logf("token F1 over %d demo pages: mean %.3f, worst %.3f (%s)", n, mean, worst, worstPath)
	if mean < 0.95 || worst < 0.85 {
		t.Errorf("token F1 mean %.3f (want >= 0.95), worst %.3f at %s (want >= 0.85)", mean, worst, worstPath)
	}
}

func TestTokenF1(t *testing.T) {
	cases := []struct {
		got, want string
		f         float64
	}{
		{"The award was made.", "the AWARD was made", 1},
		{"", "text", 0},
		{"a b", "a b c d", 2 * 1 * 0.5 / 1.5},
	}
	for _, c := range cases {
		if got := tokenF1(c.got, c.want); got < c.f-1e-9 || got > c.f+1e-9 {
			t.Errorf("tokenF1(%q, %q) = %v, want %v", c.got, c.want, got, c.f)
		}
	}
}
