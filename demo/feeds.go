package demo

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"time"
)

// feedItem is one entry of a rendered feed.
type feedItem struct {
	Story     Story
	Link      string // what the feed links to (may carry utm_ parameters)
	Published time.Time
	Updated   time.Time
}

func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s)) // writes to a buffer, cannot fail
	return b.String()
}

// renderFeed renders an outlet's feed in its format; items are newest first.
func renderFeed(o Outlet, base string, items []feedItem) ([]byte, error) {
	switch o.Format {
	case "rss":
		return renderRSS(o, base, items), nil
	case "atom":
		return renderAtom(o, base, items), nil
	case "json":
		return renderJSONFeed(o, base, items)
	case "malformed":
		b, err := siteFS.ReadFile("site/feeds/" + o.Key + ".xml")
		if err != nil {
			return nil, fmt.Errorf("read malformed feed: %w", err)
		}
		return b, nil
	}
	return nil, fmt.Errorf("outlet %s: no feed for format %q", o.Key, o.Format)
}

func latest(items []feedItem) time.Time {
	var t time.Time
	for _, it := range items {
		if it.Updated.After(t) {
			t = it.Updated
		}
	}
	return t
}

func renderRSS(o Outlet, base string, items []feedItem) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">` + "\n<channel>\n")
	fmt.Fprintf(&b, "<title>%s</title>\n<link>%s/%s/</link>\n<description>%s</description>\n<language>en-us</language>\n",
		esc(o.Name), base, o.Key, esc(o.Tagline))
	fmt.Fprintf(&b, "<atom:link href=\"%s%s\" rel=\"self\" type=\"application/rss+xml\"/>\n", base, o.FeedPath)
	fmt.Fprintf(&b, "<lastBuildDate>%s</lastBuildDate>\n<ttl>15</ttl>\n", latest(items).UTC().Format(time.RFC1123Z))
	for _, it := range items {
		b.WriteString("<item>\n")
		fmt.Fprintf(&b, "  <title>%s</title>\n  <link>%s</link>\n", esc(it.Story.Title), esc(it.Link))
		fmt.Fprintf(&b, "  <guid isPermaLink=\"false\">%s-%s</guid>\n", o.Domain, it.Story.Slug)
		fmt.Fprintf(&b, "  <pubDate>%s</pubDate>\n", it.Published.UTC().Format(time.RFC1123Z))
		fmt.Fprintf(&b, "  <atom:updated>%s</atom:updated>\n", it.Updated.UTC().Format(time.RFC3339))
		fmt.Fprintf(&b, "  <dc:creator>%s</dc:creator>\n  <category>%s</category>\n", esc(it.Story.Author), esc(it.Story.Section))
		fmt.Fprintf(&b, "  <description>%s</description>\n</item>\n", esc(it.Story.Summary))
	}
	b.WriteString("</channel>\n</rss>\n")
	return b.Bytes()
}

func renderAtom(o Outlet, base string, items []feedItem) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">` + "\n")
	fmt.Fprintf(&b, "<title>%s</title>\n<subtitle>%s</subtitle>\n<id>tag:%s,2026:feed</id>\n", esc(o.Name), esc(o.Tagline), o.Domain)
	fmt.Fprintf(&b, "<link rel=\"self\" href=\"%s%s\"/>\n<link rel=\"alternate\" href=\"%s/%s/\"/>\n", base, o.FeedPath, base, o.Key)
	fmt.Fprintf(&b, "<updated>%s</updated>\n", latest(items).UTC().Format(time.RFC3339))
	for _, it := range items {
		b.WriteString("<entry>\n")
		fmt.Fprintf(&b, "  <title type=\"text\">%s</title>\n  <link rel=\"alternate\" type=\"text/html\" href=\"%s\"/>\n", esc(it.Story.Title), esc(it.Link))
		fmt.Fprintf(&b, "  <id>tag:%s,2026:%s</id>\n", o.Domain, it.Story.Slug)
		fmt.Fprintf(&b, "  <published>%s</published>\n  <updated>%s</updated>\n",
			it.Published.UTC().Format(time.RFC3339), it.Updated.UTC().Format(time.RFC3339))
		fmt.Fprintf(&b, "  <author><name>%s</name></author>\n  <category term=\"%s\"/>\n", esc(it.Story.Author), esc(it.Story.Section))
		fmt.Fprintf(&b, "  <summary type=\"text\">%s</summary>\n</entry>\n", esc(it.Story.Summary))
	}
	b.WriteString("</feed>\n")
	return b.Bytes()
}

type jsonFeed struct {
	Version     string         `json:"version"`
	Title       string         `json:"title"`
	HomePageURL string         `json:"home_page_url"`
	FeedURL     string         `json:"feed_url"`
	Description string         `json:"description"`
	Language    string         `json:"language"`
	Items       []jsonFeedItem `json:"items"`
}

type jsonFeedItem struct {
	ID            string           `json:"id"`
	URL           string           `json:"url"`
	Title         string           `json:"title"`
	Summary       string           `json:"summary"`
	ContentText   string           `json:"content_text"`
	DatePublished string           `json:"date_published"`
	DateModified  string           `json:"date_modified"`
	Authors       []map[string]any `json:"authors"`
	Tags          []string         `json:"tags"`
}

func renderJSONFeed(o Outlet, base string, items []feedItem) ([]byte, error) {
	f := jsonFeed{
		Version: "https://jsonfeed.org/version/1.1", Title: o.Name, Description: o.Tagline, Language: "en-GB",
		HomePageURL: base + "/" + o.Key + "/", FeedURL: base + o.FeedPath, Items: []jsonFeedItem{},
	}
	for _, it := range items {
		f.Items = append(f.Items, jsonFeedItem{
			ID: "https://" + o.Domain + "/id/" + it.Story.Slug, URL: it.Link, Title: it.Story.Title,
			Summary: it.Story.Summary, ContentText: it.Story.Summary,
			DatePublished: it.Published.UTC().Format(time.RFC3339), DateModified: it.Updated.UTC().Format(time.RFC3339),
			Authors: []map[string]any{{"name": it.Story.Author}}, Tags: []string{it.Story.Section},
		})
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("json feed %s: %w", o.Key, err)
	}
	return append(b, '\n'), nil
}
