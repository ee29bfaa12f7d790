package classify

import (
	"unicode"
	"unicode/utf8"
)

// capitalized reports whether every word of sp that is longer than three
// letters starts with an upper-case letter in the original text ("Cabinet
// Office", "Department of Finance", "Transport for London"), and at least
// one word does. It backs the `capitalized` option of a terms expression:
// "the Office" or "the Authority" written with a capital names a body,
// where "office space" or "the authority to act" do not.
func (sc *scratch) capitalized(sp span) bool {
	toks := sc.f.toks
	upper := false
	for k := sp.a; k < sp.b; k++ {
		t := toks[k]
		w := sc.fields[t.field][t.start:t.end]
		if utf8.RuneCountInString(w) <= 3 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
		upper = true
	}
	return upper
}
