package classify

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"unicode/utf8"
)

// asciiRun is the tokeniser's fast path (see folder.add): it appends the
// tokens of the run of words of ASCII letters and digits, and of the
// separators between them that mean nothing (spaces, commas, quotes,
// hyphens), that starts at s[i], all stamped from tmpl, and returns where
// the run stops: at a line break or sentence punctuation (the caller's
// bookkeeping), at a non-ASCII byte, at a word that goes on past its ASCII
// letters (a non-ASCII letter, a soft hyphen, a hyphen at a line end:
// readWord reads it), or within eight bytes of the end of s.
//
// Each word costs one eight-byte load to find its end and give its folded
// form, packed, and one probe of the word table; a word of eight bytes or
// more is hashed as it is read (asciiWordAt). Nothing is written but the
// tokens.
func (f *folder) asciiRun(s string, i int, tmpl token) int {
	// Few values live across the loop, so that they stay in registers: the
	// token buffer is grown beforehand (a token and the separator after it
	// take at least two bytes) and written by index, and the last word's
	// packed form (for lastIsAbbrev) is taken once, when the run ends.
	n0 := len(f.toks)
	toks := slices.Grow(f.toks, (len(s)-i)/2+1)
	toks = toks[:cap(toks)]
	n, vocab := n0, f.vocab
	for i+8 <= len(s) {
		c := s[i]
		if runSkip[c] {
			i++
			continue
		}
		if asciiWord[c] == 0 {
			break
		}
		x := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		var (
			j    int
			code uint16
		)
		if m := notAlnum(x); m != 0 {
			k := bits.TrailingZeros64(m) >> 3
			j = i + k
			code = vocab.codeKey((x|asciiFold)&(1<<(8*k)-1), k)
		} else {
			j, code = vocab.longWord(s, i)
		}
		next := j // where to go on: past the space that most words end with
		if j < len(s) {
			if e := s[j]; e == ' ' {
				next++
			} else if (e >= utf8.RuneSelf || e == '-') && wordGoesOn(s, j) {
				break
			}
		}
		t := tmpl
		t.start, t.end, t.code = int32(i), int32(j), code
		toks[n] = t
		n++
		i = next
	}
	f.toks = toks[:n]
	if n > n0 {
		t := toks[n-1]
		f.last, f.lastLen = foldedKey(s[t.start:t.end]), int(t.end-t.start)
	}
	return i
}

// foldedKey returns the folded form of w, a word of ASCII letters and
// digits, packed as packWord packs it if it has at most eight bytes (else
// anything).
func foldedKey(w string) uint64 {
	var key uint64
	for k := min(len(w), shortWord) - 1; k >= 0; k-- {
		key = key<<8 | uint64(w[k]|0x20)
	}
	return key
}

// longWord returns where the word of ASCII letters and digits, at least
// eight bytes long, that starts at s[i] ends, and its code.
func (t *wordTable) longWord(s string, i int) (int, uint16) {
	j, key, h := asciiWordAt(s, i)
	return j, t.codeAt(s[i:j], key, h)
}

// runSkip marks the bytes asciiRun steps over between words: the plain
// separators (asciiPlain) and the hyphen, which only matters right after a
// word (see wordGoesOn).
var runSkip = func() (t [256]bool) {
	t = asciiPlain
	t['-'] = true
	return t
}()
