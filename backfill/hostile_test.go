package backfill

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// billionLaughs is the classic entity bomb: ten levels of ten references.
func billionLaughs() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY lol "lol">`)
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, `<!ENTITY lol%d "%s">`, i, strings.Repeat(fmt.Sprintf("&lol%s;", map[bool]string{true: "", false: fmt.Sprint(i - 1)}[i == 1]), 10))
	}
	b.WriteString(`]><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol9;</loc></url></urlset>`)
	return b.String()
}

// gzipSpaces is a gzipped sitemap of n bytes, mostly spaces.
func gzipSpaces(n int) []byte {
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
	zw.Write([]byte(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`))
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for w := 0; w < n; w += len(chunk) {
		zw.Write(chunk)
	}
	zw.Write([]byte(`</urlset>`))
	zw.Close()
	return z.Bytes()
}

// TestHostileSitemaps: each hostile sitemap gives a clear error and no
// article page, nor anything off the source's host, is fetched.
func TestHostileSitemaps(t *testing.T) {
	bomb := gzipSpaces(100 << 20)
	for _, tc := range []struct {
		name   string
		routes func(s *site) map[string]http.HandlerFunc
		want   []string // in the errors
		fetch  map[string]int
	}{
		{"billion laughs", func(s *site) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{"/sitemap_index.xml": text(billionLaughs())}
		}, []string{"DOCTYPE is not allowed"}, nil},
		{"entity without DOCTYPE", func(s *site) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{"/sitemap_index.xml": text(`<urlset><url><loc>&lol9;</loc></url></urlset>`)}
		}, []string{"invalid character entity &lol9;"}, nil},
		{"100 MB gzipped", func(s *site) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{"/sitemap_index.xml": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/gzip")
				w.Write(bomb)
			}}
		}, []string{"exceeds 50 MB decompressed"}, nil},
		{"100 MB plain", func(s *site) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{"/sitemap_index.xml": func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/xml")
				chunk := bytes.Repeat([]byte(" "), 1<<20)
				for range 100 {
					if _, err := w.Write(chunk); err != nil {
						return
					}
				}
			}}
		}, []string{"body exceeds 10485760 bytes"}, nil},
		{"index loop", func(s *site) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{
				"/sitemap_index.xml": text(index(s.srv.URL + "/b.xml")),
				"/b.xml":             text(index(s.srv.URL + "/c.xml")),
				"/c.xml":             text(index(s.srv.URL + "/sitemap_index.xml")),
			}
		}, []string{"sitemap index loop: " + "%URL%/sitemap_index.xml is listed again by %URL%/c.xml"},
			map[string]int{"/sitemap_index.xml": 1, "/b.xml": 1, "/c.xml": 1}},
		{"deep indexes", func(s *site) map[string]http.HandlerFunc {
			m := map[string]http.HandlerFunc{"/sitemap_index.xml": text(index(s.srv.URL + "/d1.xml"))}
			for i := 1; i < 10; i++ {
				m[fmt.Sprintf("/d%d.xml", i)] = text(index(fmt.Sprintf("%s/d%d.xml", s.srv.URL, i+1)))
			}
			return m
		}, []string{"nested deeper than 4"}, map[string]int{"/d5.xml": 0}},
		{"foreign hosts and private addresses", func(s *site) map[string]http.HandlerFunc {
			return map[string]http.HandlerFunc{
				"/robots.txt":        text("User-agent: *\nSitemap: http://127.0.0.2:1/sitemap.xml\nSitemap: " + s.srv.URL + "/sitemap_index.xml\n"),
				"/sitemap_index.xml": text(index("http://169.254.169.254/latest/sitemap.xml", "https://evil.example/sitemap.xml", s.srv.URL+"/urls.xml")),
				"/urls.xml":          text(urlset("http://10.0.0.1/a/1", "https://evil.example/a/2", "http://127.0.0.2/a/3", s.srv.URL+"/redirect")),
				"/redirect": func(w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
				},
			}
		}, []string{
			"sitemap http://127.0.0.2:1/sitemap.xml (listed by the source's sitemap list) is not on the source's host (127.0.0.1): refused, not fetched",
			"sitemap http://169.254.169.254/latest/sitemap.xml (listed by %URL%/sitemap_index.xml) is not on the source's host",
			"sitemap https://evil.example/sitemap.xml",
			"redirect hop 1: Get \"http://169.254.169.254/latest/meta-data/\": dial tcp 169.254.169.254:80: refused: address 169.254.169.254 is cloud metadata",
		}, map[string]int{"/redirect": 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newSite(t)
			for p, h := range tc.routes(s) {
				s.routes[p] = h
			}
			e := newEnv(t, s, 0)
			start := time.Now()
			sum, err := e.b.Run(context.Background(), Request{Source: e.src})
			if err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d > 90*time.Second { // no hang; generous for -race on a busy machine
				t.Errorf("took %s", d)
			}
			all := ""
			for _, er := range sum.Errors {
				all += er.Error + "\n"
			}
			for _, w := range tc.want {
				if w = strings.ReplaceAll(w, "%URL%", s.srv.URL); !strings.Contains(all, w) {
					t.Errorf("errors lack %q:\n%s", w, all)
				}
			}
			if p := s.pagePaths(); len(p) > 0 {
				t.Errorf("article pages fetched: %v", p)
			}
			for p, n := range tc.fetch {
				if got := s.count(p); got != n {
					t.Errorf("%s fetched %d times, want %d", p, got, n)
				}
			}
			if sum.New != 0 {
				t.Errorf("stored %d articles", sum.New)
			}
			if tc.name == "foreign hosts and private addresses" && sum.SkippedBy[SkipOtherHost] != 3 {
				t.Errorf("skipped %v, want the 3 article URLs on other hosts", sum.SkippedBy)
			}
		})
	}
}

func text(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprint(w, body)
	}
}

func index(locs ...string) string {
	var b strings.Builder
	b.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, l := range locs {
		fmt.Fprintf(&b, "<sitemap><loc>%s</loc></sitemap>", l)
	}
	b.WriteString("</sitemapindex>")
	return b.String()
}

func urlset(locs ...string) string {
	var b strings.Builder
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	for _, l := range locs {
		fmt.Fprintf(&b, "<url><loc>%s</loc></url>", l)
	}
	b.WriteString("</urlset>")
	return b.String()
}
