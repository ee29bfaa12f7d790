package importer

import (
	"bytes"
	"html"
	"strings"
)

// StripTags returns the text of an HTML page for the pre-filter: markup,
// comments, scripts and styles dropped, each tag replaced by a space, and
// character references decoded. It is much cheaper than parsing the page,
// and its text holds every word the extractor could take (and more: menus,
// footers), which is what a filter that must not drop an article needs.
func StripTags(page []byte) string {
	var b strings.Builder
	b.Grow(len(page) / 3)
	refs := false
	for len(page) > 0 {
		i := bytes.IndexByte(page, '<')
		if i < 0 {
			refs = writeText(&b, page) || refs
			break
		}
		refs = writeText(&b, page[:i]) || refs
		page = page[i:]
		switch {
		case bytes.HasPrefix(page, []byte("<!--")):
			page = skipPast(page[4:], "-->")
		case hasTagPrefix(page, "script"):
			page = skipPastFold(page, "</script")
		case hasTagPrefix(page, "style"):
			page = skipPastFold(page, "</style")
		default:
			j := bytes.IndexByte(page, '>')
			if j < 0 {
				page = nil
				break
			}
			page = page[j+1:]
		}
		b.WriteByte(' ')
	}
	if refs {
		return html.UnescapeString(b.String())
	}
	return b.String()
}

// writeText writes s and reports whether it holds a character reference.
func writeText(b *strings.Builder, s []byte) bool {
	b.Write(s)
	return bytes.IndexByte(s, '&') >= 0
}

// hasTagPrefix reports whether p starts with the opening tag name (any case).
func hasTagPrefix(p []byte, name string) bool {
	if len(p) < len(name)+2 || !bytes.EqualFold(p[1:1+len(name)], []byte(name)) {
		return false
	}
	c := p[1+len(name)]
	return c == '>' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/'
}

// skipPast returns p after the first end, or nil.
func skipPast(p []byte, end string) []byte {
	if i := bytes.Index(p, []byte(end)); i >= 0 {
		return p[i+len(end):]
	}
	return nil
}

// skipPastFold returns p after the closing tag that starts with end (any
// case) and its '>', or nil.
func skipPastFold(p []byte, end string) []byte {
	for i := 1; i < len(p); {
		j := bytes.IndexByte(p[i:], '<')
		if j < 0 {
			return nil
		}
		i += j
		if len(p)-i >= len(end) && bytes.EqualFold(p[i:i+len(end)], []byte(end)) {
			if k := bytes.IndexByte(p[i:], '>'); k >= 0 {
				return p[i+k+1:]
			}
			return nil
		}
		i++
	}
	return nil
}
