package index

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
)

func locs(text string, words ...string) search.TermLocationMap {
	m := search.TermLocationMap{}
	for _, w := range words {
		for i := 0; ; {
			j := strings.Index(text[i:], w)
			if j < 0 {
				break
			}
			m[w] = append(m[w], &search.Location{Start: uint64(i + j), End: uint64(i + j + len(w))})
			i += j + len(w)
		}
	}
	return m
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("filler words here ", 40) + "the JWCC protest was filed " + strings.Repeat("more words after ", 40)
	tests := []struct {
		name, text string
		locs       search.TermLocationMap
		want       []string // substrings
		notWant    []string
	}{
		{"short text marked", "Oracle & IBM <b>win</b>", locs("Oracle & IBM <b>win</b>", "IBM"),
			[]string{"Oracle &amp; <mark>IBM</mark> &lt;b&gt;win&lt;/b&gt;"}, []string{"…"}},
		{"window around matches", long, locs(long, "JWCC", "protest"),
			[]string{"…", "<mark>JWCC</mark> <mark>protest</mark>", "…"}, nil},
		{"no matches: the start", long, nil, []string{"filler words"}, []string{"<mark>"}},
		{"bad offsets ignored", "abc", search.TermLocationMap{"x": {{Start: 2, End: 9}}}, []string{"abc"}, []string{"<mark>"}},
		{"multibyte", "Société Générale wins", locs("Société Générale wins", "Générale"), []string{"Société <mark>Générale</mark> wins"}, nil},
		{"empty", "", nil, nil, []string{"<mark>", "…"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := snippet(tt.text, tt.locs)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("snippet %q lacks %q", got, w)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(got, w) {
					t.Errorf("snippet %q has %q", got, w)
				}
			}
			if n := len(got); n > 2*SnippetLength+100 {
				t.Errorf("snippet is %d bytes", n)
			}
		})
	}
}
