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
		if bytes.HasPrefix(page, []byte("<!--")) {
			page = skipPast(page[4:], "-->")
			b.WriteByte(' ')
			continue
		}
		kind := tagKind(page)
		switch kind {
		case tagScript:
			j := bytes.IndexByte(page, '>')
			if j >= 0 && bytes.Contains(bytes.ToLower(page[:j]), []byte("ld+json")) {
				page = page[j+1:] // its text is read as text, up to </script>
				break
			}
			page = skipPastFold(page, "</script")
		case tagStyle:
			page = skipPastFold(page, "</style")
		default:
			j := bytes.IndexByte(page, '>')
			if j < 0 {
				page = nil
				break
			}
			tag := page[:j+1]
			page = page[j+1:]
			if kind == tagInline {
				continue
			}
			if kind == tagMeta {
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

// Kinds of tag StripTags tells apart.
const (
	tagOther  = iota
	tagScript // <script ...>
	tagStyle  // <style ...>
	tagMeta   // <meta ...>
	tagInline // an inline element's opening or closing tag: <a>, </b>, <span ...>, <wbr>...
)

// tagKind reads the element name at the start of p (from '<') once, in
// any case, and says which kind of tag it is. Only an opening tag is a
// script, style or meta tag; an inline element's closing tag is inline
// too. A name must end at '>', '/' or white space.
func tagKind(p []byte) int {
	name := p[1:]
	closing := len(name) > 0 && name[0] == '/'
	if closing {
		name = name[1:]
	}
	var buf [8]byte
	n := 0
	for n < len(name) && n < len(buf) && (name[n]|0x20 >= 'a' && name[n]|0x20 <= 'z') {
		buf[n] = name[n] | 0x20
		n++
	}
	if n == 0 || n == len(name) || n == len(buf) {
		return tagOther
	}
	switch name[n] {
	case '>', ' ', '\t', '\n', '\r', '/':
	default:
		return tagOther
	}
	switch string(buf[:n]) {
	case "script":
		if !closing {
			return tagScript
		}
	case "style":
		if !closing {
			return tagStyle
		}
	case "meta":
		if !closing {
			return tagMeta
		}
	// The elements whose tags do not separate words.
	case "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark",
		"q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr":
		return tagInline
	}
	return tagOther
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
