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

// inName reports whether the hit sp is part of a longer proper name: outside
// the title, the hit is capitalised (see capitalized) and the next word of
// its sentence starts with a capital too ("told the Federal Cloud Ledger",
// "at the National Cloud Summit"). It backs the `not_in_name` option of a
// terms expression. Title-case headlines are left alone, where every word
// is capitalised whether it names something or not.
func (sc *scratch) inName(sp span) bool {
	toks := sc.f.toks
	if int(sp.b) >= len(toks) {
		return false
	}
	last, next := toks[sp.b-1], toks[sp.b]
	if last.field == fieldTitle || next.field != last.field || next.sent != last.sent || !sc.capitalized(sp) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(sc.fields[next.field][next.start:next.end])
	return unicode.IsUpper(r)
}

// midCapital reports whether the hit sp starts with a capital letter in the
// middle of a sentence of the text (not the title, not the sentence's first
// word). It backs the `lowercase` option of an exception: a modal written so
// is a month or a name ("In May, the vendor won", "Will Hurd said"), not
// the modal that puts the event in the future.
func (sc *scratch) midCapital(sp span) bool {
	toks := sc.f.toks
	first := toks[sp.a]
	if first.field == fieldTitle || sp.a == 0 {
		return false
	}
	if prev := toks[sp.a-1]; prev.field != first.field || prev.sent != first.sent {
		return false
	}
	r, _ := utf8.DecodeRuneInString(sc.fields[first.field][first.start:first.end])
	return unicode.IsUpper(r)
}
