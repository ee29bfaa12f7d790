package importer

import (
	"bytes"
	"html"
	"strings"
)

// StripTags returns the text of an HTML page for the pre-filter: markup,
// comments, scripts and styles dropped and character references decoded.
// It is much cheaper than parsing the page, and its text holds every word
// the extractor could take (and more: menus, footers), which is what a
// filter that must not drop an article needs. So it keeps what the
// extractor reads outside the visible text too: the JSON-LD script (where
// the headline is) and the content of meta tags that name a title
// (og:title, twitter:title). A tag between two words becomes a space,
// except an inline one (<a>, <b>, <span>...), which joins the text around
// it as the page's DOM does: "govern<wbr>ment" is one word.
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
			j := bytes.IndexByte(page, '>')
			if j >= 0 && bytes.Contains(bytes.ToLower(page[:j]), []byte("ld+json")) {
				page = page[j+1:] // its text is read as text, up to </script>
				break
			}
			page = skipPastFold(page, "</script")
		case hasTagPrefix(page, "style"):
			page = skipPastFold(page, "</style")
		default:
			j := bytes.IndexByte(page, '>')
			if j < 0 {
				page = nil
				break
			}
			tag := page[:j+1]
			page = page[j+1:]
			if inlineTag(tag) {
				continue
			}
			if hasTagPrefix(tag, "meta") {
				refs = writeTitleMeta(&b, tag) || refs
			}
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

// inlineTags are the elements whose tags do not separate words.
var inlineTags = map[string]bool{"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "cite": true, "code": true,
	"data": true, "del": true, "dfn": true, "em": true, "font": true, "i": true, "ins": true, "kbd": true, "mark": true,
	"q": true, "s": true, "samp": true, "small": true, "span": true, "strong": true, "sub": true, "sup": true,
	"time": true, "u": true, "var": true, "wbr": true}

// inlineTag reports whether tag (from '<' to '>') opens or closes an
// inline element.
func inlineTag(tag []byte) bool {
	name := tag[1:]
	if len(name) > 0 && name[0] == '/' {
		name = name[1:]
	}
	n := 0
	for n < len(name) && n < 8 && (name[n]|0x20 >= 'a' && name[n]|0x20 <= 'z') {
		n++
	}
	if n == 0 || n == len(name) || n == 8 {
		return false
	}
	var buf [8]byte
	for k := range n {
		buf[k] = name[k] | 0x20
	}
	switch name[n] {
	case '>', ' ', '\t', '\n', '\r', '/':
		return inlineTags[string(buf[:n])]
	}
	return false
}

// writeTitleMeta writes the content of a meta tag that names a title
// (property="og:title", name="twitter:title", name="title"...), and
// reports whether it holds a character reference.
func writeTitleMeta(b *strings.Builder, tag []byte) bool {
	lower := bytes.ToLower(tag)
	if !bytes.Contains(lower, []byte("title")) {
		return false
	}
	k := bytes.Index(lower, []byte("content="))
	if k < 0 {
		return false
	}
	v := tag[k+len("content="):]
	if len(v) > 0 && (v[0] == '"' || v[0] == '\'') {
		if end := bytes.IndexByte(v[1:], v[0]); end >= 0 {
			v = v[1 : 1+end]
		}
	}
	b.WriteByte(' ')
	return writeText(b, v)
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
