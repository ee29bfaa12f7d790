package importer

import (
	"bytes"
	"compress/gzip"
	"html"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestStripTagsSameAsBefore compares StripTags with the version before it
// read each tag's name once (kept below as refStripTags): the same text
// from generated news pages and from random tag soup with every kind of
// tag, case and delimiter the two tell apart.
func TestStripTagsSameAsBefore(t *testing.T) {
	gz, _ := genWARC(t, 1) // a generated archive, inflated: news pages and HTTP headers
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	all, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	pages := [][]byte{all}
	for n := range 20 {
		pages = append(pages, []byte(onTopicPage(n)), []byte(offTopicPage(n)), []byte(newsPage(n, "Cloud deal", "The contract was awarded.")))
	}
	parts := []string{"<a href=x>", "</a>", "<A>", "<SPAN class=y>", "</span>", "<wbr>", "<wbr/>", "<b\n>", "<strong>",
		"<script>", "<SCRIPT type=x>", "</script>", "</SCRIPT >", "<script type=\"application/ld+json\">", "<style>",
		"</style>", "<STYLE\t>", "<meta name=\"og:title\" content=\"cloud &amp; deal\">", "<META property='twitter:title' content='x'>",
		"<meta>", "<metadata>", "<scripts>", "<styles>", "<h1>", "</h1>", "<p>", "<br/>", "<!-- c -->", "<!--", "-->",
		"<", ">", "</", "<abcdefghij>", "<strongest>", "<a", "<script", "<1>", "<x-y>", "&amp;", "&lt;", " cloud ",
		"contract", "award", "\n", "\t", "<small>", "</SMALL>", "<time datetime=2020>", "<q/>", "<i", "é", "ſcript"}
	rnd := rand.New(rand.NewPCG(5, 6))
	for range 3000 {
		var b strings.Builder
		for range 1 + rnd.IntN(40) {
			b.WriteString(parts[rnd.IntN(len(parts))])
		}
		pages = append(pages, []byte(b.String()))
	}
	for _, p := range pages {
		if got, want := StripTags(p), refStripTags(p); got != want {
			t.Fatalf("StripTags(%q)\n= %q\nwant %q", p, got, want)
		}
	}
}

// refStripTags and the ref* functions below are StripTags as it was
// before tagKind, the reference of TestStripTagsSameAsBefore.
func refStripTags(page []byte) string {
	var b strings.Builder
	b.Grow(len(page) / 3)
	refs := false
	for len(page) > 0 {
		i := bytes.IndexByte(page, '<')
		if i < 0 {
			refs = refWriteText(&b, page) || refs
			break
		}
		refs = refWriteText(&b, page[:i]) || refs
		page = page[i:]
		switch {
		case bytes.HasPrefix(page, []byte("<!--")):
			page = refSkipPast(page[4:], "-->")
		case refHasTagPrefix(page, "script"):
			j := bytes.IndexByte(page, '>')
			if j >= 0 && bytes.Contains(bytes.ToLower(page[:j]), []byte("ld+json")) {
				page = page[j+1:] // its text is read as text, up to </script>
				break
			}
			page = refSkipPastFold(page, "</script")
		case refHasTagPrefix(page, "style"):
			page = refSkipPastFold(page, "</style")
		default:
			j := bytes.IndexByte(page, '>')
			if j < 0 {
				page = nil
				break
			}
			tag := page[:j+1]
			page = page[j+1:]
			if refInlineTag(tag) {
				continue
			}
			if refHasTagPrefix(tag, "meta") {
				refs = refWriteTitleMeta(&b, tag) || refs
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
func refWriteText(b *strings.Builder, s []byte) bool {
	b.Write(s)
	return bytes.IndexByte(s, '&') >= 0
}

// refInlineTags are the elements whose tags do not separate words.
var refInlineTags = map[string]bool{"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "cite": true, "code": true,
	"data": true, "del": true, "dfn": true, "em": true, "font": true, "i": true, "ins": true, "kbd": true, "mark": true,
	"q": true, "s": true, "samp": true, "small": true, "span": true, "strong": true, "sub": true, "sup": true,
	"time": true, "u": true, "var": true, "wbr": true}

// inlineTag reports whether tag (from '<' to '>') opens or closes an
// inline element.
func refInlineTag(tag []byte) bool {
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
		return refInlineTags[string(buf[:n])]
	}
	return false
}

// writeTitleMeta writes the content of a meta tag that names a title
// (property="og:title", name="twitter:title", name="title"...), and
// reports whether it holds a character reference.
func refWriteTitleMeta(b *strings.Builder, tag []byte) bool {
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
	return refWriteText(b, v)
}

// hasTagPrefix reports whether p starts with the opening tag name (any case).
func refHasTagPrefix(p []byte, name string) bool {
	if len(p) < len(name)+2 || !bytes.EqualFold(p[1:1+len(name)], []byte(name)) {
		return false
	}
	c := p[1+len(name)]
	return c == '>' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/'
}

// skipPast returns p after the first end, or nil.
func refSkipPast(p []byte, end string) []byte {
	if i := bytes.Index(p, []byte(end)); i >= 0 {
		return p[i+len(end):]
	}
	return nil
}

// skipPastFold returns p after the closing tag that starts with end (any
// case) and its '>', or nil.
func refSkipPastFold(p []byte, end string) []byte {
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
