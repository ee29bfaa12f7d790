package index

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/govwire/govwire"
)

func TestSearchRefused(t *testing.T) {
	ix := memIndex(t, fixtures(t))
	tests := []struct {
		name string
		q    govwire.SearchQuery
		msg  string // part of the message
	}{
		{"leading wildcard", govwire.SearchQuery{Q: "*cloud"}, "leading wildcard"},
		{"leading question mark", govwire.SearchQuery{Q: "title:?loud"}, "leading wildcard"},
		{"regexp", govwire.SearchQuery{Q: "/clo.d/"}, "regular expression"},
		{"regexp in field", govwire.SearchQuery{Q: "oracle text:/.*/"}, "regular expression"},
		{"fuzziness 3", govwire.SearchQuery{Q: "oracle~3"}, "fuzziness"},
		{"too long", govwire.SearchQuery{Q: strings.Repeat("a", govwire.MaxQueryLength+1)}, "limit"},
		{"syntax", govwire.SearchQuery{Q: `title:"unclosed`}, "syntax"},
		{"unknown field", govwire.SearchQuery{Q: "password:x"}, "unknown field"},
		{"size too big", govwire.SearchQuery{Size: govwire.MaxPageSize + 1}, "size"},
		{"negative page", govwire.SearchQuery{Page: -1}, "page"},
		{"deep page", govwire.SearchQuery{Page: govwire.MaxDeepOffset/20 + 1}, "after cursor"},
		{"page and after", govwire.SearchQuery{Page: 2, After: "x"}, "either"},
		{"bad cursor", govwire.SearchQuery{After: "not-a-cursor"}, "cursor"},
		{"bad sort", govwire.SearchQuery{Sort: "random"}, "sort"},
		{"bad label", govwire.SearchQuery{Labels: []string{"rumour"}}, "label"},
		{"since after until", govwire.SearchQuery{Since: day("2026-10-02"), Until: day("2026-10-01")}, "before"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Search(context.Background(), tt.q)
			if govwire.ErrorCode(err) != govwire.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
			if !strings.Contains(govwire.ErrorMessage(err), tt.msg) {
				t.Errorf("message %q does not mention %q", govwire.ErrorMessage(err), tt.msg)
			}
		})
	}
}

func TestSearchTermExpansionCapped(t *testing.T) {
	ix := memIndexWith(t, fixtures(t), Options{MaxTermSearchers: 3})
	// "c*" expands to cloud, capability, challenging, claims, ... in text and title.
	_, err := ix.Search(context.Background(), govwire.SearchQuery{Q: "c*"})
	if govwire.ErrorCode(err) != govwire.EINVALID || !strings.Contains(govwire.ErrorMessage(err), "more than 3 terms") {
		t.Fatalf("err = %v, want EINVALID about terms", err)
	}
	// A specific prefix stays under the cap.
	if _, err := ix.Search(context.Background(), govwire.SearchQuery{Q: "warfig*"}); err != nil {
		t.Fatalf("specific prefix: %v", err)
	}
}

func TestSearchDeadline(t *testing.T) {
	ix := memIndexWith(t, pagingArticles(50, 0), Options{SearchTimeout: time.Nanosecond})
	_, err := ix.Search(context.Background(), govwire.SearchQuery{Q: "tender"})
	if govwire.ErrorCode(err) != govwire.ETIMEOUT {
		t.Fatalf("err = %v, want ETIMEOUT", err)
	}
}

// panicky is a Bleve index whose searches panic.
type panicky struct{ bleveIndex }

// bleveIndex renames bleve.Index so its Index method is promoted.
type bleveIndex = interface{ bleve.Index }

func (panicky) SearchInContext(context.Context, *bleve.SearchRequest) (*bleve.SearchResult, error) {
	panic("segment corrupted")
}

func TestSearchPanicBecomesError(t *testing.T) {
	ix := memIndex(t, fixtures(t))
	real := ix.bi
	ix.bi = panicky{real}
	t.Cleanup(func() { ix.bi = real })
	_, err := ix.Search(context.Background(), govwire.SearchQuery{Q: "oracle"})
	if err == nil || !strings.Contains(err.Error(), "panicked") || govwire.ErrorCode(err) != govwire.EINTERNAL {
		t.Fatalf("err = %v, want an internal error about the panic", err)
	}
	if errors.Is(err, context.Canceled) {
		t.Fatal("unexpected cancel")
	}
}

func TestSearchHostileContentEscaped(t *testing.T) {
	ix := memIndex(t, fixtures(t))
	res := mustSearch(t, ix, govwire.SearchQuery{Q: "evil oracle", Sources: []string{"hostile"}})
	if len(res.Hits) != 1 {
		t.Fatalf("hits = %v", ids(res.Hits))
	}
	s := res.Hits[0].Snippet
	tags := regexp.MustCompile(`<[^>]*>`).FindAllString(s, -1)
	for _, tag := range tags {
		if tag != "<mark>" && tag != "</mark>" {
			t.Errorf("snippet carries tag %q: %s", tag, s)
		}
	}
	for _, want := range []string{"&lt;script&gt;", "&lt;img src=x onerror=alert(1)&gt;", "<mark>evil</mark>", "<mark>Oracle</mark>", "&amp; more &#34;quoted&#34;"} {
		if !strings.Contains(s, want) {
			t.Errorf("snippet %q lacks %q", s, want)
		}
	}
}

// TestHostileQueriesRefusedBeforeRunning covers issue 11 items 3 and 5 and
// issue 12's 'title:(': each query is refused with EINVALID before Bleve
// does any work, so it costs no CPU beyond parsing (c* 450 times took 25 s
// of CPU, a????... and oracle~-1 were 500s, title:( found nothing with exit 0).
func TestHostileQueriesRefusedBeforeRunning(t *testing.T) {
	ix := memIndex(t, genArticles(500))
	tests := []struct {
		name, q, msg string
	}{
		{"stars", strings.Repeat("c*", 450), "at most 4"},
		{"stars d", strings.Repeat("d*", 300), "at most 4"},
		{"question marks", "a" + strings.Repeat("?", 900), "at most 4"},
		{"long wildcard", "procurement" + strings.Repeat("x", 60) + "*", "bytes long"},
		{"many wildcards", "a* b* c* d* e* f* g* h* i*", "wildcard, prefix and fuzzy"},
		{"many fuzzy", "aa~1 bb~1 cc~1 dd~1 ee~1 ff~1 gg~1 hh~1 ii~1", "wildcard, prefix and fuzzy"},
		{"many clauses", strings.Repeat("cloud ", 65), "more than 64"},
		{"negative fuzziness", "oracle~-1", "fuzziness -1"},
		{"unclosed paren", "title:(", "unclosed ("},
		{"unclosed paren words", "title:(oracle", "unclosed ("},
		{"stray close", "oracle)", "without a matching"},
		{"empty field value", "title:)", "without a matching"},
		{"field of punctuation", "title:&", "nothing to search for"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := ix.Search(context.Background(), govwire.SearchQuery{Q: tt.q})
			if govwire.ErrorCode(err) != govwire.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
			if !strings.Contains(govwire.ErrorMessage(err), tt.msg) {
				t.Errorf("message %q does not mention %q", govwire.ErrorMessage(err), tt.msg)
			}
			if d := time.Since(start); d > 100*time.Millisecond {
				t.Errorf("refusing took %s", d)
			}
		})
	}
	// Parentheses inside quotes and balanced ones stay allowed.
	for _, q := range []string{`"(JWCC)"`, `oracle (JWCC)`, `title:oracle`, `clou* protest~1`} {
		if _, err := ix.Search(context.Background(), govwire.SearchQuery{Q: q}); err != nil {
			t.Errorf("%q: %v", q, err)
		}
	}
}
