package backfill

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/govwire/govwire"
)

// Limits on one sitemap. The sitemaps.org protocol allows 50,000 URLs and
// 50 MB (uncompressed) per file.
const (
	MaxSitemapBytes   = 50 << 20
	MaxSitemapEntries = 50_000
)

// entry is one <url> or <sitemap> of a sitemap.
type entry struct {
	Loc       string
	Lastmod   time.Time
	Published time.Time // news:publication_date
	Title     string    // news:title
}

// date is the entry's date for the window: the publication date, else
// the last modification.
func (e entry) date() time.Time {
	if !e.Published.IsZero() {
		return e.Published
	}
	return e.Lastmod
}

// sitemap is a parsed sitemap: an index of sitemaps, or a set of URLs.
type sitemap struct {
	index   bool
	entries []entry
}

// errTooLarge is in the chain of a sitemap over MaxSitemapBytes.
var errTooLarge = govwire.Errorf(govwire.ETOOLARGE, "sitemap exceeds %d MB decompressed (the sitemaps.org limit)", MaxSitemapBytes>>20)

// capReader fails once more than n bytes are read.
type capReader struct {
	r io.Reader
	n int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.n < 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > c.n+1 {
		p = p[:c.n+1]
	}
	k, err := c.r.Read(p)
	c.n -= int64(k)
	if c.n < 0 {
		return k, errTooLarge
	}
	return k, err
}

// parseSitemap reads a sitemap or sitemap index, gunzipping it when it is
// gzipped, within the limits: at most MaxSitemapBytes decompressed and
// MaxSitemapEntries entries; a DOCTYPE (and with it any entity definition)
// is refused, and encoding/xml expands no entity but the five predefined
// ones, so no entity expansion ("billion laughs") can happen.
func parseSitemap(body []byte) (sitemap, error) {
	var r io.Reader = bytes.NewReader(body)
	if len(body) >= 2 && body[0] == 0x1f && body[1] == 0x8b {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return sitemap{}, fmt.Errorf("gunzip: %w", err)
		}
		defer zr.Close()
		r = zr
	}
	d := xml.NewDecoder(&capReader{r: r, n: MaxSitemapBytes})
	d.Strict = true
	var (
		sm     sitemap
		cur    *entry
		field  string
		text   strings.Builder
		inNews bool
		root   bool
	)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return sm, fmt.Errorf("parse sitemap: %w", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			if bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE")) {
				return sm, govwire.Errorf(govwire.EINVALID, "parse sitemap: a DOCTYPE is not allowed in a sitemap (entity definitions are refused)")
			}
		case xml.StartElement:
			name := t.Name.Local
			switch {
			case !root:
				root = true
				if name != "urlset" && name != "sitemapindex" {
					return sm, govwire.Errorf(govwire.EINVALID, "parse sitemap: root element <%s>, want <urlset> or <sitemapindex>", name)
				}
				sm.index = name == "sitemapindex"
			case cur == nil && (name == "url" || name == "sitemap"):
				if len(sm.entries) >= MaxSitemapEntries {
					return sm, govwire.Errorf(govwire.ETOOLARGE, "parse sitemap: more than %d entries (the sitemaps.org limit)", MaxSitemapEntries)
				}
				sm.entries = append(sm.entries, entry{})
				cur = &sm.entries[len(sm.entries)-1]
			case name == "news":
				inNews = true
			case cur != nil:
				field = name
				text.Reset()
			}
		case xml.CharData:
			if field != "" && text.Len() < 4096 {
				text.Write(t)
			}
		case xml.EndElement:
			name := t.Name.Local
			switch {
			case name == "url" || name == "sitemap":
				cur, inNews = nil, false
			case name == "news":
				inNews = false
			case cur != nil && name == field:
				setField(cur, field, strings.TrimSpace(text.String()), inNews)
				field = ""
			}
		}
	}
	if !root {
		return sm, govwire.Errorf(govwire.EINVALID, "parse sitemap: no <urlset> or <sitemapindex>")
	}
	return sm, nil
}

// setField stores one field of an entry.
func setField(e *entry, field, v string, inNews bool) {
	switch {
	case field == "loc":
		e.Loc = v
	case field == "lastmod":
		e.Lastmod = parseW3CDate(v)
	case field == "publication_date":
		e.Published = parseW3CDate(v)
	case field == "title" && inNews:
		e.Title = v
	}
}

// parseW3CDate reads the W3C datetime forms sitemaps use; zero when
// unreadable.
func parseW3CDate(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", time.DateOnly, "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
