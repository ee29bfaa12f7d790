package ingest

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// ErrFeedEntities is returned for a feed whose DTD declares entities: the
// shape of a billion-laughs (entity expansion) attack, and never needed by a
// real feed.
var ErrFeedEntities = errors.New("feed declares XML entities in a DTD (refused)")

// Feed is a parsed feed: its items, plus counts of what was set aside.
type Feed struct {
	Type   string // "rss", "atom" or "json"
	Title  string
	Link   string
	Items  []FeedItem
	NoLink int // items skipped because they have no link
	NoDate int // items without a date: Published is the fetch time
}

// FeedItem is one entry of a feed.
type FeedItem struct {
	GUID    string
	Link    string // absolute: resolved against the feed's URL
	Title   string
	Summary string // description, HTML
	Content string // full content, HTML, when the feed carries it
	Author  string
	// Published is the item's date; when the feed gives none it is the
	// fetch time and Dated is false. Updated is zero unless the feed says.
	Published time.Time
	Updated   time.Time
	Dated     bool
}

// FetchFeed fetches the feed at url (conditionally, with etag and
// lastModified) and parses it. A 304 returns the response and a nil Feed.
func FetchFeed(ctx context.Context, f *Fetcher, url, etag, lastModified string, now time.Time) (*Response, *Feed, error) {
	resp, err := f.Fetch(ctx, Request{URL: url, Kind: KindFeed, ETag: etag, LastModified: lastModified})
	if err != nil {
		return nil, nil, fmt.Errorf("feed: %w", err) // the fetcher's error names the URL
	}
	if resp.NotModified {
		return resp, nil, nil
	}
	feed, err := ParseFeed(resp.Body, resp.ContentType, resp.URL, now)
	return resp, feed, err
}

// ParseFeed parses an RSS 0.9x-2.0, Atom or JSON Feed document fetched from
// feedURL at time fetched. The body is decoded to UTF-8 first: the charset
// in contentType wins, then the XML declaration, and a body that is not
// valid UTF-8 without any declaration is read as windows-1252 (a superset
// of Latin-1). Items without a link are skipped and counted.
func ParseFeed(body []byte, contentType, feedURL string, fetched time.Time) (*Feed, error) {
	if hasEntityDecl(body) {
		return nil, fmt.Errorf("parse feed %s: %w", feedURL, ErrFeedEntities)
	}
	body, err := feedToUTF8(body, contentType)
	if err != nil {
		return nil, fmt.Errorf("parse feed %s: %w", feedURL, err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, fmt.Errorf("parse feed %s: empty body", feedURL)
	}
	if err := checkXML(body); err != nil {
		return nil, fmt.Errorf("parse feed %s: %w", feedURL, err)
	}
	gf, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("parse feed %s: %w", feedURL, err)
	}
	base := feedURL
	if gf.Link != "" {
		base = resolveLink(feedURL, gf.Link)
	}
	out := &Feed{Type: gf.FeedType, Title: strings.TrimSpace(gf.Title), Link: base}
	for _, it := range gf.Items {
		if it == nil {
			continue
		}
		item := convertItem(it, feedURL, fetched)
		if item.Link == "" {
			out.NoLink++
			continue
		}
		if !item.Dated {
			out.NoDate++
		}
		out.Items = append(out.Items, item)
	}
	return out, nil
}

// convertItem maps a gofeed item to a FeedItem. Relative links resolve
// against the feed's own URL; an RSS guid that is a permalink stands in for
// a missing link.
func convertItem(it *gofeed.Item, feedURL string, fetched time.Time) FeedItem {
	link := it.Link
	if link == "" && len(it.Links) > 0 {
		link = it.Links[0]
	}
	if link == "" && (strings.HasPrefix(it.GUID, "http://") || strings.HasPrefix(it.GUID, "https://")) {
		link = it.GUID
	}
	item := FeedItem{
		GUID:    strings.TrimSpace(it.GUID),
		Link:    resolveLink(feedURL, link),
		Title:   strings.TrimSpace(it.Title),
		Summary: it.Description,
		Content: it.Content,
	}
	if len(it.Authors) > 0 && it.Authors[0] != nil {
		item.Author = strings.TrimSpace(it.Authors[0].Name)
	}
	if it.UpdatedParsed != nil {
		item.Updated = it.UpdatedParsed.UTC()
	}
	switch {
	case it.PublishedParsed != nil:
		item.Published, item.Dated = it.PublishedParsed.UTC(), true
	case !item.Updated.IsZero():
		item.Published, item.Dated = item.Updated, true
	default:
		item.Published = fetched.UTC()
	}
	return item
}

// hasEntityDecl reports whether the document's DOCTYPE has an internal
// subset ("[...]") declaring an entity. A plain DOCTYPE, such as RSS 0.91's
// reference to the Netscape DTD, passes.
func hasEntityDecl(body []byte) bool {
	head := body
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	i := bytes.Index(head, []byte("<!DOCTYPE"))
	if i < 0 {
		return false
	}
	rest := body[i:]
	open := bytes.IndexByte(rest, '[')
	if end := bytes.IndexByte(rest, '>'); open < 0 || (end >= 0 && end < open) {
		return false
	}
	subset := rest[open:]
	if end := bytes.Index(subset, []byte("]>")); end >= 0 {
		subset = subset[:end]
	}
	return bytes.Contains(subset, []byte("<!ENTITY"))
}

// checkXML reads an XML document through and reports a clear error when
// its structure is broken: an element closed by the wrong end tag, an end
// tag with no start, or a document cut off. Faults gofeed's lenient parser
// copes with (bare ampersands, unknown entities) are left to it. JSON
// bodies are left to the JSON parser.
func checkXML(body []byte) error {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '<' {
		return nil
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charset.NewReaderLabel
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		var se *xml.SyntaxError
		if errors.As(err, &se) && structural(se.Msg) {
			return fmt.Errorf("malformed XML at line %d: %s", se.Line, se.Msg)
		}
		if err != nil {
			return nil
		}
	}
}

func structural(msg string) bool {
	for _, s := range []string{"closed by", "unexpected end element", "unexpected EOF"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

var xmlDecl = regexp.MustCompile(`^\s*<\?xml[^>]*\?>`)
var xmlDeclEncoding = regexp.MustCompile(`encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// feedToUTF8 returns body as UTF-8, with any XML declaration rewritten to
// say so, unless the declaration names an encoding the XML parser will
// convert itself.
func feedToUTF8(body []byte, contentType string) ([]byte, error) {
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	if label := contentTypeCharset(contentType); label != "" && !isUTF8Label(label) {
		enc, _ := charset.Lookup(label)
		if enc == nil {
			return nil, fmt.Errorf("unknown charset %q in Content-Type", label)
		}
		out, _, err := transform.Bytes(enc.NewDecoder(), body)
		if err != nil {
			return nil, fmt.Errorf("decode %s: %w", label, err)
		}
		return setDeclUTF8(out), nil
	}
	if utf8.Valid(body) {
		return body, nil
	}
	if m := xmlDeclEncoding.FindSubmatch(xmlDecl.Find(body)); m != nil && !isUTF8Label(string(m[1])) {
		return body, nil // the XML parser converts declared encodings
	}
	out, _, err := transform.Bytes(charmap.Windows1252.NewDecoder(), body)
	if err != nil {
		return nil, fmt.Errorf("decode windows-1252: %w", err)
	}
	return setDeclUTF8(out), nil
}

// setDeclUTF8 makes an XML declaration, if any, declare UTF-8.
func setDeclUTF8(body []byte) []byte {
	loc := xmlDecl.FindIndex(body)
	if loc == nil {
		return body
	}
	decl := xmlDeclEncoding.ReplaceAll(body[loc[0]:loc[1]], []byte(`encoding="utf-8"`))
	out := make([]byte, 0, len(body)+8)
	out = append(out, body[:loc[0]]...)
	out = append(out, decl...)
	return append(out, body[loc[1]:]...)
}

// contentTypeCharset returns the charset parameter of a Content-Type.
func contentTypeCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(params["charset"])
}

func isUTF8Label(label string) bool {
	l := strings.ToLower(strings.TrimSpace(label))
	return l == "utf-8" || l == "utf8" || l == "us-ascii" || l == "ascii"
}
