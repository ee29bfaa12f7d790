package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/govwire/govwire"
)

// call makes one request and returns the status, headers and body.
func call(t testing.TB, method, u string, body io.Reader, hdr map[string]string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", u, err)
	}
	return resp.StatusCode, resp.Header, b
}

// getJSON GETs path, checks the status and decodes the body into v.
func (f *fixture) getJSON(t testing.TB, path string, wantStatus int, v any) {
	t.Helper()
	status, h, b := call(t, http.MethodGet, f.srv.URL+path, nil, nil)
	if status != wantStatus {
		t.Fatalf("GET %s: status %d, want %d; body %s", path, status, wantStatus, b)
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("GET %s: Content-Type %q", path, ct)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: decode %s: %v", path, b, err)
	}
}

type apiError struct {
	Error struct{ Code, Message string } `json:"error"`
}

func hitIDs(res govwire.SearchResult) []string {
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func facetCount(fs []govwire.FacetCount, value string) int {
	for _, f := range fs {
		if f.Value == value {
			return f.Count
		}
	}
	return 0
}

func TestSearch(t *testing.T) {
	f := newFixture(t, corpus, nil)
	id := f.ids

	t.Run("keywords", func(t *testing.T) {
		var res govwire.SearchResult
		f.getJSON(t, "/v1/search?q="+url.QueryEscape("Oracle protest JWCC"), 200, &res)
		if res.Total == 0 || !slices.Contains(hitIDs(res), id["oracle-protest"]) {
			t.Fatalf("hits %v lack the Oracle protest %s", hitIDs(res), id["oracle-protest"])
		}
		if res.Hits[0].ID != id["oracle-protest"] && res.Hits[0].ID != id["oracle-protest-copy"] {
			t.Errorf("top hit %q (%s), want the Oracle protest", res.Hits[0].Title, res.Hits[0].ID)
		}
		h := res.Hits[0]
		if !strings.Contains(h.Snippet, "<mark>") || h.Source == "" || h.URL == "" || h.Published.IsZero() {
			t.Errorf("hit lacks fields: %+v", h)
		}
		if facetCount(res.Facets.Labels, "protest") == 0 || len(res.Facets.Months) == 0 || len(res.Facets.Vendors) == 0 {
			t.Errorf("facets %+v", res.Facets)
		}
	})

	t.Run("phrase", func(t *testing.T) {
		var res govwire.SearchResult
		f.getJSON(t, "/v1/search?q="+url.QueryEscape(`"conflict of interest"`), 200, &res)
		if got := hitIDs(res); len(got) != 1 || got[0] != id["jedi-coi"] {
			t.Errorf("phrase hits %v, want [%s]", got, id["jedi-coi"])
		}
	})

	t.Run("label filter", func(t *testing.T) {
		var res govwire.SearchResult
		f.getJSON(t, "/v1/search?label=protest", 200, &res)
		want := []string{id["oracle-protest"], id["oracle-protest-copy"], id["nsa-protest"]}
		got := hitIDs(res)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("label=protest hits %v, want %v", got, want)
		}
		f.getJSON(t, "/v1/search?label=protest&label=allegation", 200, &res)
		if res.Total != 4 {
			t.Errorf("label=protest&label=allegation total %d, want 4", res.Total)
		}
	})

	t.Run("entity and date filters", func(t *testing.T) {
		var res govwire.SearchResult
		f.getJSON(t, "/v1/search?agency="+url.QueryEscape("Central Intelligence Agency"), 200, &res)
		if got := hitIDs(res); len(got) != 1 || got[0] != id["cia-c2e"] {
			t.Errorf("agency=CIA hits %v", got)
		}
		// A bare date in until includes that whole day.
		f.getJSON(t, "/v1/search?since=2026-11-01&until=2026-11-10&sort=date", 200, &res)
		for _, h := range res.Hits {
			if h.Published.Month() != 11 || h.Published.Day() > 10 {
				t.Errorf("hit %s published %s outside 1-10 Nov", h.ID, h.Published)
			}
		}
		if !slices.Contains(hitIDs(res), id["oracle-protest"]) || !slices.Contains(hitIDs(res), id["jwcc-award"]) {
			t.Errorf("since=2026-11-01&until=2026-11-10 lacks the 3rd or the 10th: %v", hitIDs(res))
		}
		f.getJSON(t, "/v1/search?since=2026-11-01&until=2026-11-09", 200, &res)
		if slices.Contains(hitIDs(res), id["oracle-protest"]) {
			t.Errorf("until=2026-11-09 found a story of the 10th")
		}
		f.getJSON(t, "/v1/search?since="+url.QueryEscape("2026-11-10T08:00:00Z")+"&until="+url.QueryEscape("2026-11-10T10:00:00+00:00"), 200, &res)
		if res.Total != 2 {
			t.Errorf("RFC 3339 range around 09:00 on the 10th: %d hits, want the 2 protest copies", res.Total)
		}
	})

	t.Run("off topic hidden unless all", func(t *testing.T) {
		var res govwire.SearchResult
		f.getJSON(t, "/v1/search?q=destroyer", 200, &res)
		if res.Total != 0 {
			t.Errorf("off-topic story found by default: %v", hitIDs(res))
		}
		f.getJSON(t, "/v1/search?q=destroyer&all=true", 200, &res)
		if got := hitIDs(res); len(got) != 1 || got[0] != id["offtopic"] {
			t.Errorf("all=true hits %v", got)
		}
	})

	t.Run("sort by date", func(t *testing.T) {
		var res govwire.SearchResult
		f.getJSON(t, "/v1/search?sort=date&size=100", 200, &res)
		for i := 1; i < len(res.Hits); i++ {
			if res.Hits[i].Published.After(res.Hits[i-1].Published) {
				t.Fatalf("hit %d newer than hit %d", i, i-1)
			}
		}
	})

	t.Run("paging and cursor", func(t *testing.T) {
		var all, p1, p2, next govwire.SearchResult
		f.getJSON(t, "/v1/search?sort=date&size=100", 200, &all)
		f.getJSON(t, "/v1/search?sort=date&size=3", 200, &p1)
		f.getJSON(t, "/v1/search?sort=date&size=3&page=2", 200, &p2)
		want := hitIDs(all)
		if !slices.Equal(hitIDs(p1), want[:3]) || !slices.Equal(hitIDs(p2), want[3:6]) {
			t.Errorf("pages %v %v, want %v", hitIDs(p1), hitIDs(p2), want[:6])
		}
		if p1.Next == "" {
			t.Fatal("no next cursor")
		}
		f.getJSON(t, "/v1/search?sort=date&size=3&after="+url.QueryEscape(p1.Next), 200, &next)
		if !slices.Equal(hitIDs(next), want[3:6]) {
			t.Errorf("after cursor gave %v, want %v", hitIDs(next), want[3:6])
		}
	})

	t.Run("collapse", func(t *testing.T) {
		var res govwire.SearchResult
		f.getJSON(t, "/v1/search?q=GAO&collapse=true", 200, &res)
		got := hitIDs(res)
		if len(got) != 1 || (got[0] != id["oracle-protest"] && got[0] != id["oracle-protest-copy"]) {
			t.Errorf("collapsed hits %v, want one of the Oracle protest pair", got)
		}
	})

	t.Run("hostile content escaped", func(t *testing.T) {
		status, _, b := call(t, "GET", f.srv.URL+"/v1/search?q=final&size=5", nil, nil)
		if status != 200 {
			t.Fatalf("status %d: %s", status, b)
		}
		var res govwire.SearchResult
		if err := json.Unmarshal(b, &res); err != nil || len(res.Hits) == 0 {
			t.Fatalf("decode: %v, hits %d", err, len(res.Hits))
		}
		for _, h := range res.Hits {
			bare := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(h.Snippet)
			if strings.ContainsAny(bare, "<>") {
				t.Errorf("snippet carries markup: %q", h.Snippet)
			}
		}
		if !strings.Contains(res.Hits[0].Snippet, "&lt;script&gt;") {
			t.Errorf("snippet %q lacks the escaped script text", res.Hits[0].Snippet)
		}
	})
}

func TestSearchRefused(t *testing.T) {
	f := newFixture(t, corpus[:2], nil)
	long := strings.Repeat("cloud ", govwire.MaxQueryLength/6+1)
	for _, tc := range []struct{ name, query, want string }{
		{"query too long", "q=" + url.QueryEscape(long), "limit is 1000"},
		{"size over 100", "size=101", "between 1 and 100"},
		{"size zero", "size=0", "between 1 and 100"},
		{"page too deep", "page=600&size=20", "too deep"},
		{"page and after", "page=2&after=abc", "either page or after"},
		{"unknown sort", "sort=popularity", "sort must be one of"},
		{"unknown label", "label=scandal", `unknown label "scandal"`},
		{"bad date", "since=26/11/2026", "must be a date"},
		{"since after until", "since=2026-11-20&until=2026-11-01", "must be before"},
		{"unknown parameter", "lable=award", `unknown parameter "lable"`},
		{"page not a number", "page=two", "whole number"},
		{"leading wildcard", "q=" + url.QueryEscape("*cloud"), ""},
		{"regexp", "q=" + url.QueryEscape("/clo.*/"), ""},
		{"fuzziness over 2", "q=" + url.QueryEscape("cloud~5"), ""},
		{"too many labels", "label=" + strings.Repeat("award&label=", 21) + "bid", "limit is 20"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var e apiError
			f.getJSON(t, "/v1/search?"+tc.query, http.StatusBadRequest, &e)
			if e.Error.Code != govwire.EINVALID || !strings.Contains(e.Error.Message, tc.want) || e.Error.Message == "" {
				t.Errorf("error %+v, want code invalid and a message containing %q", e.Error, tc.want)
			}
		})
	}
}
