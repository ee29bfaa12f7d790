package classify

import (
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

// folder turns text into tokens and a folded buffer: lower case, words
// joined by single separators, punctuation (straight and curly quotes,
// dashes, hyphens) dropped, soft hyphens and line-break hyphenation undone.
type folder struct {
	buf   []byte
	toks  []token
	sent  int32
	brk   bool       // the next token starts a new sentence
	vocab *wordTable // if set, each token gets its word code as it ends
}

// push ends token t, whose folded form ends buf, and appends it to toks.
func (f *folder) push(toks []token, buf []byte, t token) []token {
	if f.vocab != nil {
		t.code = f.vocab.code(buf[t.fold:])
	}
	return append(toks, t)
}

func (f *folder) reset() {
	f.buf = f.buf[:0]
	f.toks = f.toks[:0]
	f.sent = 0
	f.brk = false
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
func (f *folder) add(s string, field uint8) {
	f.brk = true
	para := 0
	textTokens, paraStart := 0, 0
	inTok := false
	var cur token
	newlines := 0
	pendingBreak := false
	buf, toks := f.buf, f.toks // locals, kept in registers across the loop
	for i := 0; i < len(s); {
		c := s[i]
		if inTok && asciiWord[c] != 0 { // fast path: ASCII letters and digits inside a word
			buf, i = foldASCII(buf, s, i)
			cur.end = int32(i)
			continue
		}
		if asciiPlain[c] { // fast path: a separator with no other meaning
			if inTok {
				toks = f.push(toks, buf, cur)
				textTokens++
				inTok = false
			}
			i++
			continue
		}
		var r rune
		size := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case isWordRune(r):
			if !inTok {
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
				if len(toks) > 0 {
					if f.brk {
						buf = append(buf, sepSentence)
						f.sent++
					} else {
						buf = append(buf, sepWord)
					}
				}
				f.brk = false
				cur = token{start: int32(i), fold: int32(len(buf)), sent: f.sent, field: field}
				cur.lead = field == fieldText && (para < leadParagraphs || textTokens < leadMinTokens)
				inTok = true
			}
			if r < utf8.RuneSelf {
				// An ASCII letter or digit: take the rest of the ASCII word now.
				buf, i = foldASCII(buf, s, i)
				cur.end = int32(i)
				continue
			}
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
			cur.end = int32(i + size)
		case r == 0xAD && inTok: // soft hyphen inside a word
		case r == '-' && inTok && hyphenBreak(s, i):
			// "govern-\nment": skip the hyphen and the line break.
			i += hyphenBreakLen(s, i)
			continue
		default:
			if inTok {
				toks = f.push(toks, buf, cur)
				textTokens++
				inTok = false
			}
			switch r {
			case '\n':
				newlines++
			case '.', '!', '?', ';':
				if endsSentence(s, i+size) && (r != '.' || len(toks) == 0 || !isAbbrev(buf[toks[len(toks)-1].fold:])) {
					pendingBreak = true
				}
			}
		}
		i += size
	}
	if inTok {
		toks = f.push(toks, buf, cur)
	}
	f.buf, f.toks = buf, toks
}

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
