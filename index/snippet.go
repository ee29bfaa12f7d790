package index

import (
	"html"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// SnippetLength is the approximate length in bytes of a snippet's text.
const SnippetLength = 240

// maxSnippetLocations bounds the matches considered for one snippet.
const maxSnippetLocations = 500

type span struct{ start, end int }

// snippet returns a fragment of text of about SnippetLength bytes around the
// densest cluster of matches in locs, as HTML: every byte of text escaped,
// matches wrapped in <mark>. Without matches it is the start of the text.
func snippet(text string, locs search.TermLocationMap) string {
	spans := matchSpans(text, locs)
	from, to := window(text, spans)
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	pos := from
	for _, s := range spans {
		if s.start < from || s.end > to {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:s.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString("</mark>")
		pos = s.end
	}
	b.WriteString(html.EscapeString(text[pos:to]))
	if to < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// matchSpans returns the valid, sorted, non-overlapping byte spans of locs.
func matchSpans(text string, locs search.TermLocationMap) []span {
	var spans []span
	for _, ls := range locs {
		for _, l := range ls {
			s, e := int(l.Start), int(l.End)
			if s < 0 || e > len(text) || s >= e || !utf8.RuneStart(text[s]) || (e < len(text) && !utf8.RuneStart(text[e])) {
				continue
			}
			spans = append(spans, span{s, e})
			if len(spans) == maxSnippetLocations {
				break
			}
		}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	out := spans[:0]
	for _, s := range spans {
		if len(out) > 0 && s.start < out[len(out)-1].end {
			out[len(out)-1].end = max(out[len(out)-1].end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

// window picks [from, to) of about SnippetLength bytes holding the most
// spans, starting a little before the first of them, and moves both ends to
// word boundaries.
func window(text string, spans []span) (int, int) {
	if len(text) <= SnippetLength {
		return 0, len(text)
	}
	from := 0
	best := 0
	for i, s := range spans {
		n := 0
		for _, t := range spans[i:] {
			if t.end-s.start > SnippetLength-40 {
				break
			}
			n++
		}
		if n > best {
			best, from = n, max(0, s.start-40)
		}
	}
	to := min(len(text), from+SnippetLength)
	// Do not cut a match in two.
	for _, s := range spans {
		if s.start < to && s.end > to {
			to = s.end
		}
	}
	return wordStart(text, from), wordEnd(text, to)
}

// wordStart moves i back to the start of the word it falls in (at most 20
// bytes), or forward past a broken rune.
func wordStart(text string, i int) int {
	if i == 0 {
		return 0
	}
	for j := i; j > 0 && j > i-20; j-- {
		if text[j-1] == ' ' || text[j-1] == '\n' {
			return j
		}
	}
	for i < len(text) && !utf8.RuneStart(text[i]) {
		i++
	}
	return i
}

// wordEnd moves i forward to the end of the word it falls in (at most 20
// bytes), or back to a rune boundary.
func wordEnd(text string, i int) int {
	for j := i; j < i+20; j++ {
		if j >= len(text) {
			return len(text)
		}
		if text[j] == ' ' || text[j] == '\n' {
			return j
		}
	}
	for i > 0 && !utf8.RuneStart(text[i]) {
		i--
	}
	return i
}
