package index

import (
	"strings"
	"unicode/utf8"

	"github.com/govwire/govwire"
)

// maxKeySentence caps the bytes of a key sentence; a longer sentence is cut
// around its evidence.
const maxKeySentence = 300

// evidenceSep joins a label and its key sentence in the stored evidence
// field.
const evidenceSep = "\x1f"

// keySentences returns, for each label of a in the order of govwire.Labels,
// "label" + evidenceSep + the sentence holding its first evidence (in the
// title when the title has some).
func keySentences(a *govwire.Article) []string {
	var out []string
	for _, l := range govwire.Labels {
		if !a.HasEffectiveLabel(l) {
			continue
		}
		if s := keySentence(a, l); s != "" {
			out = append(out, l+evidenceSep+s)
		}
	}
	return out
}

// keySentence is the sentence around label l's first evidence, title
// evidence first.
func keySentence(a *govwire.Article, l string) string {
	var best *govwire.Evidence
	for i := range a.Evidence {
		ev := &a.Evidence[i]
		if ev.Label != l {
			continue
		}
		if best == nil || (ev.Field == "title" && best.Field != "title") {
			best = ev
		}
	}
	if best == nil {
		return ""
	}
	src := a.Text
	if best.Field == "title" {
		src = a.Title
	}
	if best.Start < 0 || best.End > len(src) || best.Start > best.End {
		return strings.TrimSpace(best.Text)
	}
	return sentenceAround(src, best.Start, best.End)
}

// sentenceAround returns the sentence of text holding [start, end), cut to
// maxKeySentence bytes around the span, with spaces collapsed.
func sentenceAround(text string, start, end int) string {
	s := 0
	for {
		e := sentenceEnd(text, s)
		if e > start || e >= len(text) {
			if e < end {
				e = end
			}
			return clipAround(text[s:e], start-s)
		}
		s = e
	}
}

// clipAround collapses spaces in s and cuts it to maxKeySentence bytes
// from a little before start, at word boundaries, marking cuts with "…".
func clipAround(s string, start int) string {
	if len(s) > maxKeySentence {
		from := max(0, min(start-maxKeySentence/3, len(s)-maxKeySentence))
		to := min(len(s), from+maxKeySentence)
		if from > 0 {
			if i := strings.IndexByte(s[from:to], ' '); i >= 0 {
				from += i + 1
			}
		}
		if to < len(s) {
			if i := strings.LastIndexByte(s[from:to], ' '); i > 0 {
				to = from + i
			}
		}
		for from < to && !utf8.RuneStart(s[from]) {
			from++
		}
		for to > from && to < len(s) && !utf8.RuneStart(s[to]) {
			to--
		}
		cut := s[from:to]
		if from > 0 {
			cut = "…" + cut
		}
		if to < len(s) {
			cut += "…"
		}
		s = cut
	}
	return strings.Join(strings.Fields(s), " ")
}

// sentenceEnd returns the offset just past the sentence of text starting at
// from: after a '.', '!' or '?' followed by a space or the end (not the
// dot of an initial such as "U.S."), or after a newline.
func sentenceEnd(text string, from int) int {
	for i := from; i < len(text); i++ {
		switch text[i] {
		case '\n':
			return i + 1
		case '.', '!', '?':
			if i+1 < len(text) && text[i+1] != ' ' && text[i+1] != '\n' {
				continue
			}
			if text[i] == '.' && isInitial(text, i) {
				continue
			}
			return i + 1
		}
	}
	return len(text)
}

// isInitial reports whether the dot at text[i] ends a one-letter initial
// ("U.S.", "J. Smith").
func isInitial(text string, i int) bool {
	if i < 1 || text[i-1] < 'A' || text[i-1] > 'Z' {
		return false
	}
	return i < 2 || text[i-2] == '.' || text[i-2] == ' '
}
