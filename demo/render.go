package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"
	"time"
)

// block is one paragraph-level element of an article body.
type block struct {
	Kind string // "p", "h2" or "quote"
	Text string
}

// link is an internal link shown in sidebars and related boxes.
type link struct {
	Title string
	URL   string
}

// pageData is what a layout template receives.
type pageData struct {
	Outlet    Outlet
	Story     Story
	URL       string // absolute, without tracking parameters
	Published time.Time
	Updated   time.Time
	Blocks    []block
	MostRead  []link
	Related   []link
	Comments  []Comment
	JSONLD    template.JS
	Year      int
}

var layoutFuncs = template.FuncMap{
	"iso":  func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"long": func(t time.Time) string { return t.UTC().Format("January 2, 2006 15:04 MST") },
	"uk":   func(t time.Time) string { return t.UTC().Format("2 January 2006") },
	"short": func(t time.Time) string {
		return t.UTC().Format("Jan 2, 2006")
	},
}

// parseBody turns a story file into blocks: paragraphs are separated by blank
// lines, "## " starts a subheading and "> " a pull quote.
func parseBody(src string) []block {
	var out []block
	for _, para := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		para = strings.Join(strings.Fields(para), " ")
		switch {
		case strings.HasPrefix(para, "## "):
			out = append(out, block{Kind: "h2", Text: strings.TrimPrefix(para, "## ")})
		case strings.HasPrefix(para, "> "):
			out = append(out, block{Kind: "quote", Text: strings.TrimPrefix(para, "> ")})
		default:
			out = append(out, block{Kind: "p", Text: para})
		}
	}
	return out
}

// jsonLD builds the NewsArticle structured data of a page.
func jsonLD(d *pageData) (template.JS, error) {
	v := map[string]any{
		"@context":         "https://schema.org",
		"@type":            "NewsArticle",
		"headline":         d.Story.Title,
		"description":      d.Story.Summary,
		"datePublished":    d.Published.UTC().Format(time.RFC3339),
		"dateModified":     d.Updated.UTC().Format(time.RFC3339),
		"author":           map[string]string{"@type": "Person", "name": d.Story.Author},
		"publisher":        map[string]string{"@type": "Organization", "name": d.Outlet.Name},
		"mainEntityOfPage": d.URL,
	}
	b, err := json.Marshal(v) // escapes <, > and & so the script element stays closed
	if err != nil {
		return "", fmt.Errorf("json-ld %s: %w", d.Story.Path, err)
	}
	return template.JS(b), nil
}

// renderPage executes the outlet's layout for one story.
func renderPage(t *template.Template, d *pageData) ([]byte, error) {
	if !d.Story.NoMeta {
		js, err := jsonLD(d)
		if err != nil {
			return nil, err
		}
		d.JSONLD = js
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		return nil, fmt.Errorf("render %s: %w", d.Story.Path, err)
	}
	return buf.Bytes(), nil
}

// loadLayout parses the layout of an outlet from site/layouts/<key>.html.
func loadLayout(key string) (*template.Template, error) {
	name := "site/layouts/" + key + ".html"
	src, err := siteFS.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read layout: %w", err)
	}
	t, err := template.New(key).Funcs(layoutFuncs).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("parse layout %s: %w", name, err)
	}
	return t, nil
}
