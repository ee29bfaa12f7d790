package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"github.com/govwire/govwire"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// Extracted is what Extract takes from one article page.
type Extracted struct {
	Title        string
	Text         string // paragraphs separated by blank lines
	Author       string
	Published    time.Time // zero when the page gives no date
	CanonicalURL string    // the page's same-site rel=canonical (or og:url / JSON-LD url), normalised; "" if none
	Extractor    string    // name and version of what produced Text
}

// extractorSelector names the extractor of texts taken with a source's
// CSS selector.
const extractorSelector = "goquery-selector"

// minWords is the fewest words an article text can have: anything
// shorter is page furniture, not a story.
const minWords = 8

// errNoText is returned when a page yields no article text.
var errNoText = govwire.Errorf(govwire.EINVALID, "no article text found")

// Extract takes the main text and metadata from the HTML page fetched from
// pageURL. With a non-empty selector (a source's CSS selector) the text is
// that of the matching elements; when the selector matches nothing, or
// without one, the generic extractor (go-trafilatura) is used. Title,
// author, date and canonical URL come from JSON-LD, Open Graph and meta
// tags first, then from the extractor's own findings.
func Extract(ctx context.Context, page []byte, pageURL, selector string) (*Extracted, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var match cascadia.Selector
	if selector != "" {
		var err error
		if match, err = cascadia.Compile(selector); err != nil {
			return nil, govwire.Errorf(govwire.EINVALID, "extract %s: selector %q: %v", pageURL, selector, err)
		}
	}
	root, err := html.Parse(bytes.NewReader(htmlToUTF8(page)))
	if err != nil {
		return nil, fmt.Errorf("extract %s: parse html: %w", pageURL, err)
	}
	doc := goquery.NewDocumentFromNode(root)
	meta := readMeta(doc, pageURL)
	out := &Extracted{Title: meta.title, Author: meta.author, Published: meta.published, CanonicalURL: meta.canonical}
	if match != nil {
		if text := selectionText(doc.FindMatcher(match)); text != "" {
			out.Text, out.Extractor = text, extractorSelector
		}
	}
	if out.Text == "" {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := generic(root, pageURL, out); err != nil {
			return nil, fmt.Errorf("extract %s: %w", pageURL, err)
		}
	}
	if out.Title == "" {
		out.Title = collapseSpace(doc.Find("h1").First().Text())
	}
	if out.Title == "" {
		out.Title = collapseSpace(doc.Find("title").First().Text())
	}
	out.Text = dropTitleLine(out.Text, out.Title)
	if n := len(strings.Fields(out.Text)); n < minWords {
		return nil, fmt.Errorf("extract %s: %w (%d words)", pageURL, errNoText, n)
	}
	return out, nil
}

// generic runs go-trafilatura on root and fills what out still lacks.
func generic(root *html.Node, pageURL string, out *Extracted) error {
	opts := trafilatura.Options{
		ExcludeComments: true,
		EnableFallback:  true,
		HtmlDateMode:    trafilatura.Disabled,
	}
	if u, err := url.Parse(pageURL); err == nil && u.IsAbs() {
		opts.OriginalURL = u
	}
	res, err := trafilatura.ExtractDocument(root, opts)
	if err != nil {
		return fmt.Errorf("%w: %v", errNoText, err)
	}
	out.Text = nodeText(res.ContentNode)
	if out.Text == "" {
		out.Text = normaliseText(res.ContentText)
	}
	out.Extractor = trafilaturaVersion()
	if out.Title == "" {
		out.Title = collapseSpace(res.Metadata.Title)
	}
	if out.Author == "" {
		out.Author = collapseSpace(res.Metadata.Author)
	}
	if out.Published.IsZero() && !res.Metadata.Date.IsZero() {
		out.Published = res.Metadata.Date.UTC()
	}
	return nil
}

var trafilaturaVersion = sync.OnceValue(func() string {
	const path = "github.com/markusmobius/go-trafilatura"
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == path {
				return "go-trafilatura " + d.Version
			}
		}
	}
	return "go-trafilatura"
})

// codeTags never hold text a reader sees.
var codeTags = map[string]bool{"script": true, "style": true, "noscript": true, "template": true}

// skipTags are never article text, even inside a selected element.
var skipTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "iframe": true,
	"svg": true, "nav": true, "aside": true, "form": true, "button": true, "select": true,
}

// blockTags start a new paragraph.
var blockTags = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "main": true, "header": true, "footer": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "li": true, "ul": true, "ol": true,
	"blockquote": true, "pre": true, "table": true, "tr": true, "figure": true, "figcaption": true, "br": true,
	"dd": true, "dt": true, "dl": true, "hr": true,
}

// selectionText returns the text of the selected elements, one paragraph
// per block element.
func selectionText(sel *goquery.Selection) string {
	var b strings.Builder
	for _, n := range sel.Nodes {
		writeText(&b, n, skipTags)
		b.WriteString("\n")
	}
	return normaliseText(b.String())
}

// nodeText returns the text under n (the generic extractor's choice, kept
// whole), one paragraph per block element.
func nodeText(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	writeText(&b, n, codeTags)
	return normaliseText(b.String())
}

// writeText writes the text under n to b, leaving out elements named in
// skip and breaking lines around block elements.
func writeText(b *strings.Builder, n *html.Node, skip map[string]bool) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(n.Data)
		return
	case html.ElementNode:
		if skip[n.Data] {
			return
		}
	case html.CommentNode:
		return
	}
	block := n.Type == html.ElementNode && blockTags[n.Data]
	if block {
		b.WriteString("\n")
	}
	if n.Type == html.ElementNode && (n.Data == "td" || n.Data == "th") {
		b.WriteString(" ")
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeText(b, c, skip)
	}
	if block {
		b.WriteString("\n")
	}
}

// dropTitleLine removes a first paragraph that only repeats the title.
func dropTitleLine(text, title string) string {
	first, rest, ok := strings.Cut(text, "\n\n")
	if ok && title != "" && strings.EqualFold(first, title) {
		return rest
	}
	return text
}

// normaliseText collapses white space inside lines and separates
// paragraphs with one blank line.
func normaliseText(s string) string {
	var paras []string
	for _, line := range strings.Split(s, "\n") {
		if line = collapseSpace(line); line != "" {
			paras = append(paras, line)
		}
	}
	return strings.Join(paras, "\n\n")
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// htmlToUTF8 returns page as UTF-8: a valid UTF-8 page is returned as is;
// otherwise the encoding its <meta charset> declares is used, and
// windows-1252 when it declares none.
func htmlToUTF8(page []byte) []byte {
	if utf8.Valid(page) {
		return page
	}
	enc, name, _ := charset.DetermineEncoding(page, "text/html")
	if name == "utf-8" {
		enc = charmap.Windows1252
	}
	out, err := io.ReadAll(transform.NewReader(bytes.NewReader(page), enc.NewDecoder()))
	if err != nil {
		return page
	}
	return out
}

// HTMLToUTF8 decodes a fetched page to UTF-8, honouring the charset of its
// Content-Type header before any <meta charset> in the page.
func HTMLToUTF8(page []byte, contentType string) []byte {
	if label := contentTypeCharset(contentType); label != "" && !isUTF8Label(label) {
		if enc, _ := charset.Lookup(label); enc != nil {
			if out, _, err := transform.Bytes(enc.NewDecoder(), page); err == nil {
				return out
			}
		}
	}
	return htmlToUTF8(page)
}
