package classify

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word of a document: its byte span in the original field,
// its sentence and its word code. 16 bytes.
type token struct {
	start, end int32  // byte offsets in the original field
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

// Lead size: tokens in the first leadParagraphs paragraphs of the text are
// in the lead. A paragraph of fewer than leadParaMinTokens words (a byline,
// a kicker, a section heading such as "REPORT TO COUNCIL") is in the lead
// while the lead lasts but does not use up one of its paragraphs. The lead
// also ends with the sentence that reaches leadMaxTokens words of the text,
// so a text with no line breaks at all (a feed summary, a flattened page)
// has a lead of news size, not all of it: the leads of the real dev
// articles, title line included, are 60-115 words.
const (
	leadParagraphs    = 3
	leadParaMinTokens = 8
	leadMaxTokens     = 100
)

// folder turns text into tokens: lower case, punctuation (straight and
// curly quotes, dashes, hyphens) dropped, soft hyphens and line-break
// hyphenation undone.
//
// Without a vocabulary (rule compilation, tests) it also writes the folded
// buffer: the folded words joined by single separators, token k's at
// folds[k]. With one (the engine's scratch) it writes no buffer: each
// token gets its word code as it ends, a word of ASCII letters and digits
// straight from the text (see add), any other through readWord, which
// uses the buffer as scratch for that one word. The tokens, their codes
// and sentence numbers are all the matcher reads (see Engine.match).
type folder struct {
	buf   []byte
	toks  []token
	folds []int32 // without a vocabulary: where each token's folded form starts in buf
	sent  int32
	paras []int32 // paragraph number of each sentence (by sentence number); the title is a paragraph of its own
	npara int32
	vocab *wordTable // if set, each token gets its word code as it ends

	last    uint64 // the last token's folded form, packed, if it has at most eight bytes
	lastLen int    // its length in bytes
	// titleToks is set before the text is added when the text repeats the
	// title on its first line: that line, of titleToks tokens, is in the
	// lead but is not one of its paragraphs, nor counts toward its size.
	titleToks int
	slow      int // tokens read by readWord with a vocabulary (see TestWorkBudget)
}

func (f *folder) reset() {
	f.buf = f.buf[:0]
	f.toks = f.toks[:0]
	f.folds = f.folds[:0]
	f.sent = 0
	f.paras = f.paras[:0]
	f.npara = 0
	f.lastLen = 0
	f.slow = 0
	f.titleToks = 0
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

// add appends the tokens of field s (fieldTitle or fieldText) to f.
//
// The loop runs between tokens. Separators, line breaks and sentence
// punctuation only note that something happened (ev); the sentence and
// paragraph bookkeeping is done once, at the next token, and leaves a
// template token (sentence, field, lead) that every token of the run is
// stamped from. With a vocabulary, runs of words of ASCII letters and
// digits go through asciiRun, and such a word near the end of s is read
// here; readWord reads any other token, and every token without one.
func (f *folder) add(s string, field uint8) {
	para, paraStart, fieldStart := 0, len(f.toks), len(f.toks)
	paraBreak := 2 // newlines that end a paragraph
	if !hasBlankLine(s) {
		paraBreak = 1 // a text without blank lines puts its paragraphs on lines of their own
	}
	if len(f.toks) > 0 {
		f.npara++ // a new field starts a new paragraph
	}
	newlines, brk, ev := 0, true, true
	tmpl := token{field: field}
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
					ev = true
				case '.', '!', '?', ';':
					if endsSentence(s, i+size) && (r != '.' || len(f.toks) == 0 || !f.lastIsAbbrev()) {
						brk, ev = true, true
					}
				}
				i += size
				continue
			}
		}
		// A token starts at i.
		if ev {
			if newlines >= paraBreak {
				switch n := len(f.toks) - paraStart; {
				case field == fieldText && paraStart == fieldStart && n == f.titleToks:
					fieldStart = len(f.toks) // the title repeated above the story
				case n >= leadParaMinTokens:
					para++
				}
				if len(f.toks) > paraStart {
					f.npara++
				}
				paraStart = len(f.toks)
			}
			if (brk || newlines > 0) && len(f.toks) > 0 {
				f.sent++ // a new sentence: the matcher's walk starts again
				if len(f.toks)-fieldStart >= leadMaxTokens {
					para = leadParagraphs // the lead ends with the sentence that reaches leadMaxTokens
				}
			}
			for int32(len(f.paras)) <= f.sent {
				f.paras = append(f.paras, f.npara)
			}
			newlines, brk, ev = 0, false, false
			tmpl.sent = f.sent
			tmpl.lead = field == fieldText && para < leadParagraphs
		}
		if vocab != nil && asciiWord[c] != 0 {
			if j := f.asciiRun(s, i, tmpl); j > i {
				i = j
				continue
			}
			// The word at i goes on past its ASCII letters, or s ends
			// within eight bytes.
			j, key, h := asciiWordAt(s, i)
			if !wordGoesOn(s, j) {
				n := j - i
				f.last, f.lastLen = key, n
				t := tmpl
				t.start, t.end = int32(i), int32(j)
				t.code = vocab.codeAt(s[i:j], key, h)
				f.toks = append(f.toks, t)
				i = j
				continue
			}
		}
		sep := byte(sepWord)
		if k := len(f.toks); k > 0 && f.toks[k-1].sent != tmpl.sent {
			sep = sepSentence
		}
		t := tmpl
		t.start = int32(i)
		i = f.readWord(s, i, t, sep)
	}
}

// hasBlankLine reports whether s has a line holding only spaces and tabs
// (or nothing) between two line breaks: the usual paragraph break. Text
// extracted from pages and many feeds instead puts each paragraph on one
// line of its own, with single line breaks between them; without this,
// such an article would be one paragraph, all of it lead.
func hasBlankLine(s string) bool {
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return false
		}
		s = s[i+1:]
		j := 0
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r') {
			j++
		}
		if j < len(s) && s[j] == '\n' {
			return true
		}
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
	fold := len(buf)
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
	w := buf[fold:]
	f.lastLen = len(w)
	if len(w) <= shortWord {
		f.last = packWord(w)
	}
	if f.vocab != nil {
		t.code = f.vocab.code(w)
	} else {
		f.folds = append(f.folds, int32(fold))
	}
	f.toks = append(f.toks, t)
	return i
}

// asciiWordAt returns where the run of ASCII letters and digits that
// starts at s[i] ends; if it has at most eight bytes, its folded form
// packed as packWord packs it, else the hash of its folded form as
// wordHash computes it. It reads eight bytes at a time.
func asciiWordAt(s string, i int) (end int, key uint64, hash uint32) {
	h := uint64(hashMul)
	j := i
	for ; j+8 <= len(s); j += 8 {
		x := binary.LittleEndian.Uint64([]byte(s[j : j+8]))
		if m := notAlnum(x); m != 0 {
			n := bits.TrailingZeros64(m) >> 3
			tail := (x | asciiFold) & (1<<(8*n) - 1)
			if j == i {
				return j + n, tail, 0
			}
			return j + n, key, longHashEnd(h, tail, j+n-i)
		}
		if j == i {
			key = x | asciiFold
		}
		h = longHashStep(h, x|asciiFold)
	}
	k := j
	for ; k < len(s) && asciiWord[s[k]] != 0; k++ {
	}
	var tail uint64
	for b := k - 1; b >= j; b-- {
		tail = tail<<8 | uint64(s[b]|0x20)
	}
	if j == i {
		return k, tail, 0
	}
	return k, key, longHashEnd(h, tail, k-i)
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

// word returns the folded form of token k (without a vocabulary).
func (f *folder) word(k int) []byte {
	end := len(f.buf)
	if k+1 < len(f.folds) {
		end = int(f.folds[k+1]) - 1
	}
	return f.buf[f.folds[k]:end]
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
