package demo

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

func TestHostilePageIsEscaped(t *testing.T) {
	s := startTest(t, refTime)
	for _, st := range Stories() {
		if !st.Hostile {
			continue
		}
		_, body := get(t, s.URL()+st.Path, nil)
		page := string(body)
		if strings.Contains(page, "<script>alert(1)") || strings.Contains(page, "<img src=x") {
			t.Fatalf("hostile markup is live in the page")
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		if h := doc.Find("h1").Text(); !strings.Contains(h, "<script>alert(1)</script>") {
			t.Errorf("headline text %q lacks the literal payload", h)
		}
		if !strings.Contains(doc.Find("article").Text(), "<img src=x onerror=alert(1)>") {
			t.Errorf("article text lacks the literal img payload")
		}
		var ld map[string]any
		if err := json.Unmarshal([]byte(doc.Find(`script[type="application/ld+json"]`).Text()), &ld); err != nil {
			t.Fatalf("json-ld: %v", err)
		}
		if ld["headline"] != st.Title {
			t.Errorf("json-ld headline %q, want %q", ld["headline"], st.Title)
		}
	}
}

func TestPagesCarryMetadata(t *testing.T) {
	s := startTest(t, refTime)
	for _, st := range Stories() {
		_, body := get(t, s.URL()+st.Path, nil)
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
		if err != nil {
			t.Fatal(err)
		}
		if got := doc.Find("title").Text(); !strings.HasPrefix(got, st.Title) {
			t.Errorf("%s: <title> %q", st.Path, got)
		}
		canon, hasCanon := doc.Find(`link[rel="canonical"]`).Attr("href")
		if hasCanon != st.Canonical || (hasCanon && canon != s.URL()+st.Path) {
			t.Errorf("%s: canonical %q (present %v, want %v)", st.Path, canon, hasCanon, st.Canonical)
		}
		ld := doc.Find(`script[type="application/ld+json"]`)
		if st.NoMeta != (ld.Length() == 0) {
			t.Errorf("%s: json-ld present=%v, no_meta=%v", st.Path, ld.Length() > 0, st.NoMeta)
		}
		if !st.NoMeta {
			var v struct{ Headline, DatePublished string }
			if err := json.Unmarshal([]byte(ld.Text()), &v); err != nil || v.Headline != st.Title {
				t.Errorf("%s: json-ld %q: %v", st.Path, ld.Text(), err)
			}
			if want := s.Published(st.Path).Format(time.RFC3339); v.DatePublished != want {
				t.Errorf("%s: datePublished %q, want %q", st.Path, v.DatePublished, want)
			}
		}
		if doc.Find(".most-read, .trending, .popular").Length() == 0 || doc.Find("footer").Length() == 0 {
			t.Errorf("%s: page furniture missing", st.Path)
		}
	}
}

func TestTrackingLinks(t *testing.T) {
	s := startTest(t, refTime)
	tracked := 0
	for _, st := range Stories() {
		link := s.feedLink(s.outlet(st.Outlet), st)
		u, err := url.Parse(link)
		if err != nil {
			t.Fatal(err)
		}
		if st.Tracking {
			tracked++
			if u.Query().Get("utm_source") == "" || !st.Canonical {
				t.Errorf("%s: tracked link %s without utm_source or canonical", st.Path, link)
			}
		}
		if r, _ := get(t, link, nil); r.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", link, r.StatusCode)
		}
	}
	if tracked < 3 {
		t.Errorf("%d tracked links, want >= 3", tracked)
	}
}
