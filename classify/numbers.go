package classify

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/govwire/govwire"
)

// currency prefixes, longest first, and the ISO code each stands for.
var currencyPrefixes = []struct{ sym, code string }{
	{"US$", "USD"}, {"AU$", "AUD"}, {"CA$", "CAD"}, {"NZ$", "NZD"}, {"A$", "AUD"}, {"C$", "CAD"},
	{"$", "USD"}, {"£", "GBP"}, {"€", "EUR"},
}

// currency words written after an amount.
var currencyWords = []struct{ word, code string }{
	{"swiss francs", "CHF"}, {"francs", "CHF"}, {"euros", "EUR"}, {"euro", "EUR"}, {"pounds", "GBP"},
	{"dollars", "USD"}, {"chf", "CHF"}, {"eur", "EUR"}, {"usd", "USD"}, {"gbp", "GBP"},
}

// scale words after a number.
var scales = []struct {
	word string
	mult float64
}{
	{"trillion", 1e12}, {"billion", 1e9}, {"million", 1e6}, {"thousand", 1e3},
	{"bn", 1e9}, {"mn", 1e6}, {"b", 1e9}, {"m", 1e6}, {"k", 1e3},
}

// scaleInitial marks the bytes a scale word can start with, in either case.
var scaleInitial = func() (t [256]bool) {
	for _, sc := range scales {
		t[sc.word[0]] = true
		t[sc.word[0]-'a'+'A'] = true
	}
	return t
}()

// scanMoney finds money amounts in s: a currency symbol before the number
// ("$10 billion", "US$12.5bn", "€180 million") or a currency word after it
// ("250 million euros").
func scanMoney(s, field string) []govwire.Entity {
	return appendMoney(nil, s, field)
}

// appendMoney appends the money amounts of s to out.
func appendMoney(out []govwire.Entity, s, field string) []govwire.Entity {
	for i := 0; i < len(s); i++ {
		if i = nextMoneyStart(s, i); i == len(s) {
			break
		}
		c := s[i]
		if c != '$' && c != 0xC2 && c != 0xE2 && !(c >= '0' && c <= '9') {
			continue
		}
		if c >= '0' && c <= '9' {
			if i > 0 && (isAlnum(s[i-1]) || s[i-1] == '.' || s[i-1] == ',') {
				continue
			}
			if ent, n, ok := amountThenWord(s, i, field); ok {
				out = append(out, ent)
				i += n - 1
			}
			continue
		}
		start, code := currencyAt(s, i)
		if code == "" {
			continue
		}
		j := i + utf8RuneLen(s, i)
		for j < len(s) && s[j] == ' ' {
			j++
		}
		num, mult, end, ok := number(s, j, false)
		if !ok {
			continue
		}
		out = append(out, moneyEntity(s, field, start, end, code, num*mult))
		i = end - 1
	}
	return out
}

// currencyAt reads a currency symbol at i ('$' possibly after a country
// prefix such as "US", or '£', '€') and returns where it starts and its code.
func currencyAt(s string, i int) (int, string) {
	for _, p := range currencyPrefixes {
		if p.sym[len(p.sym)-1] == '$' && s[i] == '$' {
			b := i - (len(p.sym) - 1)
			if b >= 0 && s[b:i+1] == p.sym && (b == 0 || !isAlnum(s[b-1])) {
				return b, p.code
			}
			continue
		}
		if p.sym[0] != '$' && strings.HasPrefix(s[i:], p.sym) && (i == 0 || !isAlnum(s[i-1])) {
			return i, p.code
		}
	}
	return 0, ""
}

// amountThenWord reads "250 million euros" at i.
func amountThenWord(s string, i int, field string) (govwire.Entity, int, bool) {
	num, mult, end, ok := number(s, i, true)
	if !ok || mult == 1 {
		return govwire.Entity{}, 0, false
	}
	j := end
	for j < len(s) && s[j] == ' ' {
		j++
	}
	rest := s[j:min(len(s), j+13)]
	for _, w := range currencyWords {
		if hasPrefixFold(rest, w.word) && (len(rest) == len(w.word) || !isAlnum(rest[len(w.word)])) {
			e := j + len(w.word)
			return moneyEntity(s, field, i, e, w.code, num*mult), e - i, true
		}
	}
	return govwire.Entity{}, 0, false
}

func moneyEntity(s, field string, start, end int, code string, amount float64) govwire.Entity {
	return govwire.Entity{Type: govwire.EntityMoney, Text: s[start:end], Value: code + " " + strconv.FormatFloat(amount, 'f', -1, 64),
		Amount: amount, Field: field, Start: start, End: end}
}

// number reads "1,200.5" and an optional scale word at j; with needScale
// it gives up early, before parsing, when no scale word follows.
func number(s string, j int, needScale bool) (num, mult float64, end int, ok bool) {
	k := j
	for k < len(s) && (s[k] >= '0' && s[k] <= '9' || (s[k] == ',' || s[k] == '.') && k+1 < len(s) && s[k+1] >= '0' && s[k+1] <= '9' && k > j) {
		k++
	}
	if k == j {
		return 0, 0, 0, false
	}
	mult, end = 1, k
	m := k
	if m < len(s) && s[m] == ' ' {
		m++
	}
	low := s[m:min(len(s), m+9)]
	if low == "" || !scaleInitial[low[0]] {
		low = "" // no scale word starts here: skip the comparisons
	}
	for _, sc := range scales {
		if hasPrefixFold(low, sc.word) && (len(low) == len(sc.word) || !isAlnum(low[len(sc.word)])) {
			if len(sc.word) <= 2 && m != k { // "10 m" is ten metres more often than money
				continue
			}
			mult, end = sc.mult, m+len(sc.word)
			break
		}
	}
	if needScale && mult == 1 {
		return 0, 0, 0, false
	}
	digits := s[j:k]
	if strings.IndexByte(digits, ',') >= 0 {
		digits = strings.ReplaceAll(digits, ",", "")
	}
	num, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return 0, 0, 0, false
	}
	return num, mult, end, true
}

func isAlnum(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

func utf8RuneLen(s string, i int) int {
	_, n := utf8.DecodeRuneInString(s[i:])
	return n
}

// scanIdentifiers finds GAO decision numbers ("B-416657", "B-423366.2")
// and contract or solicitation numbers: upper-case codes of letters and
// digits such as "W52P1J-20-R-0001" or "47QTCA21D00AB".
func scanIdentifiers(s, field string) []govwire.Entity {
	return appendIdentifiers(nil, s, field)
}

// appendIdentifiers appends the identifiers of s to out.
func appendIdentifiers(out []govwire.Entity, s, field string) []govwire.Entity {
	for i := 0; i < len(s); i++ {
		if i = nextDigit(s, i); i == len(s) {
			break
		}
		// Every identifier holds a digit: widen the run around it.
		a, b := i, i
		for a > 0 && (isAlnum(s[a-1]) || (s[a-1] == '-' || s[a-1] == '.') && a > 1 && isAlnum(s[a-2])) {
			a--
		}
		for b < len(s) && (isAlnum(s[b]) || (s[b] == '-' || s[b] == '.') && b+1 < len(s) && isAlnum(s[b+1])) {
			b++
		}
		if b-a < 8 {
			i = b
			continue
		}
		if v, ok := identifier(s[a:b]); ok {
			out = append(out, govwire.Entity{Type: govwire.EntityIdentifier, Text: s[a:b], Value: v, Field: field, Start: a, End: b})
		}
		i = b
	}
	return out
}

// identifier reports whether w is a GAO B-number or a procurement number.
func identifier(w string) (string, bool) {
	if len(w) >= 8 && w[0] == 'B' && w[1] == '-' {
		digits := 0
		for k := 2; k < len(w) && w[k] >= '0' && w[k] <= '9'; k++ {
			digits++
		}
		rest := w[2+digits:]
		if digits == 6 && (rest == "" || rest[0] == '.' && len(rest) > 1 && allDigits(rest[1:])) {
			return w, true
		}
		return "", false
	}
	if len(w) < 10 || len(w) > 24 || strings.Contains(w, ".") {
		return "", false
	}
	letters, digits, lower := 0, 0, 0
	for k := 0; k < len(w); k++ {
		switch c := w[k]; {
		case c >= 'A' && c <= 'Z':
			letters++
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z':
			lower++
		}
	}
	groups := strings.Count(w, "-") + 1
	ok := lower == 0 && letters >= 1 && digits >= 4 && (groups >= 3 || groups == 1 && letters >= 2 && digits >= 6)
	return w, ok
}

func allDigits(s string) bool {
	for k := 0; k < len(s); k++ {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	return s != ""
}

// hasPrefixFold reports whether s starts with the lower-case ASCII prefix,
// ignoring case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
