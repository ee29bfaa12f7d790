package classify

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of a document: its byte span in the original field,
// where its folded form sits in the matcher's buffer, and its sentence.
type token struct {
	start, end int32  // byte offsets in the original field
	fold       int32  // offset of the folded form in the folded buffer
	sent       int32  // sentence number, counted over the whole document
	code       uint16 // word code (see codes.go); 0 when the folder has no vocabulary
	field      uint8  // fieldTitle or fieldText
	lead       bool   // in the first paragraphs of the text
}

const (
	fieldTitle uint8 = 0
	fieldText  uint8 = 1
)

// Separators written between folded tokens. A pattern never contains
// sepSentence, so no phrase matches across a sentence or field boundary.
const (
	sepWord     = ' '
	sepSentence = '\n'
)

// Lead size: tokens in the first leadParagraphs paragraphs of the text, or
// among its first leadMinTokens tokens, are in the lead. A paragraph of
// fewer than leadParaMinTokens words (a byline, a kicker, a section heading
// such as "REPORT TO COUNCIL") is in the lead while the lead lasts but does
// not use up one of its paragraphs.
const (
	leadParagraphs    = 3
	leadMinTokens     = 0
	leadParaMinTokens = 8
)

// folder turns text into tokens: lower case, punctuation (straight and
// curly quotes, dashes, hyphens) dropped, soft hyphens and line-break
// hyphenation undone.
//
// Without a vocabulary (rule compilation, tests) it also writes the folded
// buffer: the folded words joined by single separators. With one (the
// engine's scratch) it writes no buffer: each token gets its word code as
// it ends, a word of ASCII letters and digits straight from the text (see
// asciiWordCode), any other in the buffer used as scratch for that word,
// and the document is encoded for the automaton as it is read (encode).
type folder struct {
	buf   []byte
	toks  []token
	sent  int32
	brk   bool       // the next token starts a new sentence
	vocab *wordTable // if set, each token gets its word code as it ends

	last    uint64 // the last token's folded form, packed, if it has at most eight bytes
	lastLen int    // its length in bytes
	slow    int    // tokens read by readWord with a vocabulary (see TestWorkBudget)

	// The document as word codes, with a vocabulary (see encode).
	codes   []uint16
	unitTok []int32 // token index of each code; -1 for a barrier
	zero    bool    // the last code written is 0, or none is written yet
}

// encode appends token k's code to the codes the automaton reads. A word
// no pattern uses sends the automaton back to its root, as does the
// barrier add writes at every sentence boundary (so that no phrase
// matches across one), so a run of them is written as one code 0: the
// walk skips them.
func (f *folder) encode(code uint16, k int) {
	if code == 0 {
		if !f.zero {
			f.codes = append(f.codes, 0)
			f.unitTok = append(f.unitTok, int32(k))
			f.zero = true
		}
		return
	}
	f.codes = append(f.codes, code)
	f.unitTok = append(f.unitTok, int32(k))
	f.zero = false
}

func (f *folder) reset() {
	f.buf = f.buf[:0]
	f.toks = f.toks[:0]
	f.sent = 0
	f.brk = false
	f.lastLen = 0
	f.slow = 0
	f.codes = f.codes[:0]
	f.unitTok = f.unitTok[:0]
	f.zero = true
}

// lastIsAbbrev reports whether the last token is an abbreviation (see
// isAbbrev).
func (f *folder) lastIsAbbrev() bool {
	if f.lastLen > shortWord {
		return false
	}
	var b [shortWord]byte
	binary.LittleEndian.PutUint64(b[:], f.last)
	return isAbbrev(b[:f.lastLen])
}

// isAbbrev reports whether a folded token is an abbreviation that a full
// stop after it does not end a sentence with.
func isAbbrev(w []byte) bool {
	if len(w) == 1 {
		return true
	}
	switch string(w) {
	case "mr", "mrs", "ms", "dr", "inc", "corp", "co", "ltd", "st", "no", "vs", "gen", "sen", "rep", "gov",
		"lt", "col", "capt", "jr", "sr", "dept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
		"sept", "oct", "nov", "dec", "u", "e", "i", "v", "etc", "approx", "est":
		return true
	}
	return false
}

// add appends the tokens of field s (fieldTitle or fieldText) to f. The
// loop here runs between tokens (separators, line and sentence breaks)
// and reads, with a vocabulary, each word of ASCII letters and digits
// alone; readWord reads any other token.
func (f *folder) add(s string, field uint8) {
	f.brk = true
	para, textTokens, paraStart := 0, 0, 0
	newlines, pendingBreak := 0, false
	vocab := f.vocab
	for i := 0; i < len(s); {
		c := s[i]
		if asciiPlain[c] { // a separator with no other meaning
			i++
			continue
		}
		if asciiWord[c] == 0 {
			r, size := rune(c), 1
			if c >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
			if !isWordRune(r) {
				switch r {
				case '\n':
					newlines++
				case '.', '!', '?', ';':
					if endsSentence(s, i+size) && (r != '.' || len(f.toks) == 0 || !f.lastIsAbbrev()) {
						pendingBreak = true
					}
				}
				i += size
				continue
			}
		}
		// A token starts at i.
		if newlines >= 2 {
			if textTokens-paraStart >= leadParaMinTokens {
				para++
			}
			paraStart = textTokens
		}
		if pendingBreak || newlines > 0 {
			f.brk = true
		}
		newlines, pendingBreak = 0, false
		sep := byte(sepWord)
		if len(f.toks) > 0 && f.brk {
			sep = sepSentence
			f.sent++
			if !f.zero { // a barrier: no phrase matches across sentences
				f.codes = append(f.codes, 0)
				f.unitTok = append(f.unitTok, -1)
				f.zero = true
			}
		}
		f.brk = false
		t := token{start: int32(i), sent: f.sent, field: field}
		t.lead = field == fieldText && (para < leadParagraphs || textTokens < leadMinTokens)
		textTokens++
		if vocab != nil && asciiWord[c] != 0 {
			// A word of ASCII letters and digits alone is coded straight
			// from s, without writing its folded form.
			j, key := asciiWordAt(s, i)
			if j == len(s) || s[j] < utf8.RuneSelf && s[j] != '-' || !wordGoesOn(s, j) {
				t.end = int32(j)
				n := j - i
				f.lastLen = n
				if n <= shortWord {
					f.last = key
					t.code = vocab.codeKey(key, n)
				} else {
					t.code = vocab.codeFolded(s[i:j])
				}
				f.encode(t.code, len(f.toks))
				f.toks = append(f.toks, t)
				i = j
				continue
			}
		}
		i = f.readWord(s, i, t, sep)
	}
}

// readWord reads the token t that starts at s[i] (a letter or a digit),
// appends it to f.toks and returns where it ends. A word goes on over
// letters and digits, soft hyphens, and a hyphen that ends a line before
// a lower-case letter ("govern-\nment"). sep is the separator written
// before it in the folded buffer, if any.
func (f *folder) readWord(s string, i int, t token, sep byte) int {
	if f.vocab == nil {
		if len(f.toks) > 0 {
			f.buf = append(f.buf, sep)
		}
	} else {
		f.buf = f.buf[:0] // with a vocabulary, the buffer holds one word
		f.slow++
	}
	buf := f.buf
	t.fold = int32(len(buf))
	for i < len(s) {
		c := s[i]
		if asciiWord[c] != 0 {
			buf, i = foldASCII(buf, s, i)
			t.end = int32(i)
			continue
		}
		if c < utf8.RuneSelf {
			if c == '-' && hyphenBreak(s, i) {
				i += hyphenBreakLen(s, i)
				continue
			}
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isWordRune(r) {
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
			t.end = int32(i + size)
		} else if r != 0xAD { // a soft hyphen inside a word is dropped
			break
		}
		i += size
	}
	f.buf = buf
	w := buf[t.fold:]
	f.lastLen = len(w)
	if len(w) <= shortWord {
		f.last = packWord(w)
	}
	if f.vocab != nil {
		t.code = f.vocab.code(w)
		f.encode(t.code, len(f.toks))
	}
	f.toks = append(f.toks, t)
	return i
}

// asciiWordAt returns where the run of ASCII letters and digits that
// starts at s[i] ends and, if it has at most eight bytes, its folded form
// packed as packWord packs it. It reads eight bytes at a time.
func asciiWordAt(s string, i int) (end int, key uint64) {
	j := i
	for ; j+8 <= len(s); j += 8 {
		x := binary.LittleEndian.Uint64([]byte(s[j : j+8]))
		m := notAlnum(x)
		if j == i {
			key = x | asciiFold
		}
		if m != 0 {
			n := bits.TrailingZeros64(m) >> 3
			if j == i {
				key &= 1<<(8*n) - 1
			}
			return j + n, key
		}
	}
	for ; j < len(s) && asciiWord[s[j]] != 0; j++ {
	}
	if j-i <= shortWord {
		key = 0
		for k := j - 1; k >= i; k-- {
			key = key<<8 | uint64(s[k]|0x20)
		}
	}
	return j, key
}

// notAlnum has the high bit set in every byte of x that is not an ASCII
// letter or digit.
func notAlnum(x uint64) uint64 {
	low := x &^ highs // the low seven bits of each byte: sums never carry
	digit := (low + (0x80-'0')*ones) &^ (low + (0x80-'9'-1)*ones)
	lc := low | 0x20*ones
	letter := (lc + (0x80-'a')*ones) &^ (lc + (0x80-'z'-1)*ones)
	return (^(digit | letter) | x) & highs
}

// wordGoesOn reports whether a word whose run of ASCII letters and digits
// ends at s[j] goes on past it: with a non-ASCII letter or digit, a soft
// hyphen, or a hyphen at the end of a line (see add).
func wordGoesOn(s string, j int) bool {
	if j >= len(s) {
		return false
	}
	if c := s[j]; c < utf8.RuneSelf {
		return c == '-' && hyphenBreak(s, j)
	}
	r, _ := utf8.DecodeRuneInString(s[j:])
	return r == 0xAD || isWordRune(r)
}

// asciiFold lower-cases eight packed ASCII letters and digits at once:
// setting bit 5 maps 'A'-'Z' to 'a'-'z' and leaves '0'-'9' as they are.
const asciiFold = 0x2020202020202020

// foldASCII appends the folded run of ASCII letters and digits that
// starts at s[i] and returns where the run ends.
func foldASCII(buf []byte, s string, i int) ([]byte, int) {
	for ; i < len(s); i++ {
		w := asciiWord[s[i]]
		if w == 0 {
			break
		}
		buf = append(buf, w)
	}
	return buf, i
}

// word returns the folded form of token k.
func (f *folder) word(k int) []byte {
	t := f.toks[k]
	end := len(f.buf)
	if k+1 < len(f.toks) {
		end = int(f.toks[k+1].fold) - 1
	}
	return f.buf[t.fold:end]
}

// asciiWord maps ASCII letters and digits to their folded byte, and
// everything else to 0.
var asciiWord = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = byte(c)
		t[c-'a'+'A'] = byte(c)
	}
	return t
}()

// asciiPlain marks the ASCII separators that neither end a sentence nor
// may join a word across a line break.
var asciiPlain = func() (t [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		t[c] = asciiWord[c] == 0 && !strings.ContainsRune("\n.!?;-", rune(c))
	}
	return t
}()

// isWordRune reports whether r belongs to a word: a letter or a digit.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// endsSentence reports whether the text after a full stop at j looks like
// a sentence end: end of text, or closing quotes/brackets then white space.
func endsSentence(s string, j int) bool {
	for j < len(s) {
		switch s[j] {
		case '"', '\'', ')', ']':
			j++
			continue
		case ' ', '\n', '\t', '\r':
			return true
		}
		if s[j] >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[j:])
			if r == '”' || r == '’' || r == 0xA0 {
				j += size
				continue
			}
		}
		return false
	}
	return true
}

// hyphenBreak reports whether the hyphen at i ends a line inside a word:
// a letter before, a line break, then a lower-case letter.
func hyphenBreak(s string, i int) bool {
	n := hyphenBreakLen(s, i)
	return n > 1 && i+n < len(s) && 'a' <= s[i+n] && s[i+n] <= 'z'
}

func hyphenBreakLen(s string, i int) int {
	j := i + 1
	if j < len(s) && s[j] == '\r' {
		j++
	}
	if j < len(s) && s[j] == '\n' {
		return j + 1 - i
	}
	return 1
}
