package ingest

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// pageMeta is the metadata a page declares about itself.
type pageMeta struct {
	title, author string
	published     time.Time
	canonical     string
}

// articleTypes are the schema.org types whose JSON-LD describes the article.
var articleTypes = map[string]bool{
	"newsarticle": true, "article": true, "reportagenewsarticle": true, "analysisnewsarticle": true,
	"blogposting": true, "webpage": false, "opinionnewsarticle": true, "backgroundnewsarticle": true,
}

// readMeta reads JSON-LD, Open Graph, meta tags, <time> and
// <link rel=canonical>, in that order of trust.
func readMeta(doc *goquery.Document, pageURL string) pageMeta {
	m := jsonLDMeta(doc)
	if m.title == "" {
		m.title = metaContent(doc, `meta[property="og:title"]`, `meta[name="twitter:title"]`, `meta[name="title"]`)
	}
	if m.author == "" {
		m.author = cleanAuthor(metaContent(doc, `meta[name="author"]`, `meta[name="byl"]`, `meta[name="dc.creator"]`,
			`meta[name="parsely-author"]`, `meta[name="sailthru.author"]`, `meta[property="article:author"]`,
			`[itemprop="author"] [itemprop="name"]`, `[rel="author"]`, `.byline`))
	}
	if m.published.IsZero() {
		m.published = parseDate(metaContent(doc, `meta[property="article:published_time"]`, `meta[itemprop="datePublished"]`,
			`meta[name="pubdate"]`, `meta[name="publishdate"]`, `meta[name="date"]`, `meta[name="dc.date.issued"]`,
			`meta[name="dc.date"]`, `meta[name="parsely-pub-date"]`, `meta[name="sailthru.date"]`,
			`article time[datetime]`, `time[pubdate][datetime]`, `[itemprop="datePublished"][datetime]`, `time[datetime]`))
	}
	if href, ok := doc.Find(`link[rel~="canonical"]`).First().Attr("href"); ok {
		m.canonical = ResolveCanonical(pageURL, href)
	}
	if m.canonical == "" {
		m.canonical = ResolveCanonical(pageURL, metaContent(doc, `meta[property="og:url"]`))
	}
	return m
}

// metaContent returns the first non-empty value among the selectors: a
// content or datetime attribute, else the element's text.
func metaContent(doc *goquery.Document, selectors ...string) string {
	for _, s := range selectors {
		var v string
		doc.Find(s).EachWithBreak(func(_ int, sel *goquery.Selection) bool {
			for _, attr := range []string{"content", "datetime"} {
				if a, ok := sel.Attr(attr); ok && strings.TrimSpace(a) != "" {
					v = collapseSpace(a)
					return false
				}
			}
			if goquery.NodeName(sel) != "meta" && goquery.NodeName(sel) != "link" {
				v = collapseSpace(sel.Text())
			}
			return v == ""
		})
		if v != "" {
			return v
		}
	}
	return ""
}

// jsonLDMeta reads the first article object in the page's JSON-LD blocks.
func jsonLDMeta(doc *goquery.Document) pageMeta {
	var m pageMeta
	doc.Find(`script[type="application/ld+json"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		var v any
		if json.Unmarshal([]byte(s.Text()), &v) != nil {
			return true
		}
		if obj := findArticle(v, 0); obj != nil {
			m.title = collapseSpace(str(obj["headline"]))
			if m.title == "" {
				m.title = collapseSpace(str(obj["name"]))
			}
			m.author = cleanAuthor(authorNames(obj["author"]))
			m.published = parseDate(str(obj["datePublished"]))
			if m.published.IsZero() {
				m.published = parseDate(str(obj["dateCreated"]))
			}
			return false
		}
		return true
	})
	return m
}

// findArticle walks a decoded JSON-LD value (objects, arrays, @graph) for
// an object whose @type is an article type.
func findArticle(v any, depth int) map[string]any {
	if depth > 6 {
		return nil
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if o := findArticle(e, depth+1); o != nil {
				return o
			}
		}
	case map[string]any:
		if isArticleType(x["@type"]) {
			return x
		}
		if g, ok := x["@graph"]; ok {
			return findArticle(g, depth+1)
		}
	}
	return nil
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return articleTypes[strings.ToLower(x)]
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

// authorNames reads a schema.org author: a string, a Person, or a list.
func authorNames(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		return str(x["name"])
	case []any:
		var names []string
		for _, e := range x {
			if n := strings.TrimSpace(authorNames(e)); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// cleanAuthor drops a "By" prefix and author values that are URLs.
func cleanAuthor(s string) string {
	s = collapseSpace(s)
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		return ""
	}
	for _, p := range []string{"By ", "by ", "BY "} {
		s = strings.TrimPrefix(s, p)
	}
	if len(s) > 200 {
		return ""
	}
	return s
}

var dateLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00",
	"2006-01-02T15:04", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02",
	time.RFC1123Z, time.RFC1123, "January 2, 2006", "2 January 2006", "Jan 2, 2006", "20060102",
}

// parseDate parses the date formats pages use; it returns zero time for
// anything else.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
