package classify

import (
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/govwire/govwire"
)

// appendOutput appends o as encoding/json would write it (with HTML
// escaping off), without reflection. ok is false when o holds a value
// encoding/json rejects (a NaN or infinite score or amount); the caller
// then falls back to encoding/json for its error.
func appendOutput(b []byte, o *Output) ([]byte, bool) {
	c := &o.Classification
	b = append(b, `{"id":`...)
	b = appendJSONString(b, o.ID)
	b = append(b, `,"on_topic":`...)
	b = strconv.AppendBool(b, c.OnTopic)
	b = append(b, `,"labels":`...)
	b = appendStrings(b, c.Labels)
	b = append(b, `,"scores":`...)
	b, ok := appendScores(b, c.Scores)
	if !ok {
		return b, false
	}
	b = append(b, `,"entities":`...)
	if b, ok = appendEntities(b, c.Entities); !ok {
		return b, false
	}
	b = append(b, `,"evidence":`...)
	b = appendEvidence(b, c.Evidence)
	b = append(b, `,"ruleset":`...)
	b = appendJSONString(b, c.Ruleset)
	return append(b, '}'), true
}

func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendScores writes the map with its keys sorted, as encoding/json does.
func appendScores(b []byte, m map[string]float64) ([]byte, bool) {
	if m == nil {
		return append(b, "null"...), true
	}
	var arr [8]string
	keys := arr[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		var ok bool
		if b, ok = appendJSONFloat(b, m[k]); !ok {
			return b, false
		}
	}
	return append(b, '}'), true
}

func appendEntities(b []byte, es []govwire.Entity) ([]byte, bool) {
	if es == nil {
		return append(b, "null"...), true
	}
	b = append(b, '[')
	for i := range es {
		x := &es[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"type":`...)
		b = appendJSONString(b, x.Type)
		b = append(b, `,"text":`...)
		b = appendJSONString(b, x.Text)
		b = append(b, `,"value":`...)
		b = appendJSONString(b, x.Value)
		if x.Amount != 0 {
			b = append(b, `,"amount":`...)
			var ok bool
			if b, ok = appendJSONFloat(b, x.Amount); !ok {
				return b, false
			}
		}
		b = append(b, `,"field":`...)
		b = appendJSONString(b, x.Field)
		b = append(b, `,"start":`...)
		b = strconv.AppendInt(b, int64(x.Start), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(x.End), 10)
		b = append(b, '}')
	}
	return append(b, ']'), true
}

func appendEvidence(b []byte, es []govwire.Evidence) []byte {
	if es == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range es {
		x := &es[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"rule":`...)
		b = appendJSONString(b, x.Rule)
		b = append(b, `,"label":`...)
		b = appendJSONString(b, x.Label)
		b = append(b, `,"field":`...)
		b = appendJSONString(b, x.Field)
		b = append(b, `,"start":`...)
		b = strconv.AppendInt(b, int64(x.Start), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(x.End), 10)
		b = append(b, `,"text":`...)
		b = appendJSONString(b, x.Text)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendJSONFloat formats f like encoding/json: the shortest form, with an
// exponent only below 1e-6 or from 1e21, and no zero padding in it.
func appendJSONFloat(b []byte, f float64) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, false
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, true
}

const hexDigits = "0123456789abcdef"

// jsonSafe marks the ASCII bytes written as they are in a JSON string.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendJSONString quotes s as encoding/json does without HTML escaping:
// control characters escaped, invalid UTF-8 as \ufffd, and U+2028 and
// U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if jsonSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
