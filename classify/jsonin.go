package classify

import (
	"strings"
	"unicode/utf8"
)

// decodeInput is a fast path for json.Unmarshal(line, in) on the common
// shape of an input line: one object whose values are strings, numbers,
// true, false or null. It reports false, leaving in possibly half-filled,
// for anything else (nested values, a key spelled in another case,
// surrogate escapes, invalid UTF-8, any syntax error), and the caller then
// uses encoding/json, which gives the same result or the error message.
func decodeInput(line []byte, in *input) bool {
	var d jsonLexer
	return d.decode(line, in)
}

// decode is decodeInput with d's scratch buffer, reused across lines.
func (d *jsonLexer) decode(line []byte, in *input) bool {
	d.b, d.i = line, 0
	if !d.byte('{') {
		return false
	}
	if d.peek() == '}' {
		d.i++
		return d.end()
	}
	for {
		key, ok := d.str()
		if !ok || !d.byte(':') {
			return false
		}
		field := in.field(key)
		if field == nil && isInputKeyFold(key) {
			return false // encoding/json matches keys without regard to case
		}
		if !d.value(field) {
			return false
		}
		switch d.next() {
		case ',':
			continue
		case '}':
			return d.end()
		}
		return false
	}
}

// field returns the field of in that key names exactly, or nil.
func (in *input) field(key string) *string {
	switch key {
	case "id":
		return &in.ID
	case "title":
		return &in.Title
	case "text":
		return &in.Text
	case "url":
		return &in.URL
	case "published":
		return &in.Published
	}
	return nil
}

func isInputKeyFold(key string) bool {
	for _, k := range [...]string{"id", "title", "text", "url", "published"} {
		if strings.EqualFold(key, k) {
			return true
		}
	}
	return false
}

// jsonLexer reads a JSON text strictly; every method reports false on
// anything outside the subset decodeInput handles.
type jsonLexer struct {
	b   []byte
	i   int
	tmp []byte // scratch for decoding escapes
}

func (d *jsonLexer) skipSpace() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\r', '\n':
			d.i++
		default:
			return
		}
	}
}

// peek returns the next byte after white space, 0 at the end.
func (d *jsonLexer) peek() byte {
	d.skipSpace()
	if d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

// next consumes and returns the next byte after white space.
func (d *jsonLexer) next() byte {
	c := d.peek()
	d.i++
	return c
}

func (d *jsonLexer) byte(c byte) bool { return d.next() == c }

// end reports whether only white space is left.
func (d *jsonLexer) end() bool {
	d.skipSpace()
	return d.i == len(d.b)
}

// value reads a string into *dst (which may be nil: the value is skipped),
// or null (which leaves *dst alone); into a nil dst it also reads numbers,
// true and false.
func (d *jsonLexer) value(dst *string) bool {
	switch c := d.peek(); {
	case c == '"':
		s, ok := d.str()
		if ok && dst != nil {
			*dst = s
		}
		return ok
	case c == 'n':
		return d.literal("null")
	case dst != nil:
		return false
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	}
	return d.number()
}

func (d *jsonLexer) literal(w string) bool {
	if len(d.b)-d.i < len(w) || string(d.b[d.i:d.i+len(w)]) != w {
		return false
	}
	d.i += len(w)
	return true
}

// number reads -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?.
func (d *jsonLexer) number() bool {
	b, i := d.b, d.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = skipDigits(b, i)
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		if j := skipDigits(b, i+1); j > i+1 {
			i = j
		} else {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := skipDigits(b, i)
		if j == i {
			return false
		}
		i = j
	}
	d.i = i
	return true
}

func skipDigits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// str reads a string at the next non-space byte. Plain strings are
// copied once; escapes are decoded, except surrogate halves.
func (d *jsonLexer) str() (string, bool) {
	if d.peek() != '"' {
		return "", false
	}
	b := d.b
	start := d.i + 1
	i := start
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			s := string(b[start:i])
			if !utf8.ValidString(s) {
				return "", false
			}
			d.i = i + 1
			return s, true
		case c == '\\':
			return d.escaped(start)
		case c < 0x20:
			return "", false
		}
		i++
	}
	return "", false
}

// escaped reads a string holding escapes, from start (after the quote).
func (d *jsonLexer) escaped(start int) (string, bool) {
	b := d.b
	out := d.tmp[:0]
	defer func() { d.tmp = out[:0] }()
	for i := start; i < len(b); {
		j := i
		for j < len(b) && b[j] >= 0x20 && b[j] != '"' && b[j] != '\\' {
			j++
		}
		out = append(out, b[i:j]...)
		if i = j; i == len(b) {
			break
		}
		c := b[i]
		switch {
		case c == '"':
			if !utf8.Valid(out) {
				return "", false
			}
			d.i = i + 1
			return string(out), true
		case c < 0x20:
			return "", false
		}
		if i+1 >= len(b) {
			return "", false
		}
		switch e := b[i+1]; e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(b[i+2:])
			if !ok || utf8.RuneLen(r) < 0 { // a surrogate half: leave it to encoding/json
				return "", false
			}
			out = utf8.AppendRune(out, r)
			i += 4
		default:
			return "", false
		}
		i += 2
	}
	return "", false
}

// hex4 reads four hex digits.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
