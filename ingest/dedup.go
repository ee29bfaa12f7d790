package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"

	"github.com/govwire/govwire"
)

// ShingleSize is the number of words per shingle. Word bigrams keep a
// rewrite whose every sentence was lightly edited close to its original
// (0.36 on the demo's syndicated pair, where five-word shingles gave 0.14)
// while two different stories on one topic stay far apart (at most 0.07
// over the demo's other pairs).
const ShingleSize = 2

// minhashSeeds are the per-position seeds of the MinHash permutations: a
// fixed sequence, so a fingerprint is the same in every process and can be
// stored.
var minhashSeeds = func() [govwire.FingerprintSize]uint64 {
	var s [govwire.FingerprintSize]uint64
	x := uint64(0x9e3779b97f4a7c15)
	for i := range s {
		x = mix64(x + uint64(i)*0xbf58476d1ce4e5b9)
		s[i] = x
	}
	return s
}()

// Fingerprint returns the MinHash signature of text: for each of
// govwire.FingerprintSize seeded hash functions, the minimum hash over the
// text's word shingles. Words are lower-cased runs of letters and digits,
// so punctuation, case and spacing changes do not matter. A text shorter
// than one shingle is hashed as one shingle; an empty text yields nil.
func Fingerprint(text string) govwire.Fingerprint {
	words := normWords(text)
	if len(words) == 0 {
		return nil
	}
	var mins [govwire.FingerprintSize]uint64
	for i := range mins {
		mins[i] = ^uint64(0)
	}
	n := len(words) - ShingleSize + 1
	if n < 1 {
		n = 1
	}
	for i := 0; i < n; i++ {
		end := min(i+ShingleSize, len(words))
		h := shingleHash(words[i:end])
		for j, seed := range minhashSeeds {
			if v := mix64(h ^ seed); v < mins[j] {
				mins[j] = v
			}
		}
	}
	fp := make(govwire.Fingerprint, govwire.FingerprintSize)
	for i, v := range mins {
		fp[i] = uint32(v >> 32)
	}
	return fp
}

// normWords splits text into lower-cased words of letters and digits.
func normWords(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// shingleHash is FNV-1a (64 bit) over the words, with a separator.
func shingleHash(words []string) uint64 {
	h := uint64(14695981039346656037)
	for _, w := range words {
		for i := 0; i < len(w); i++ {
			h ^= uint64(w[i])
			h *= 1099511628211
		}
		h ^= ' '
		h *= 1099511628211
	}
	return h
}

// mix64 is the splitmix64 finaliser: a cheap, well-spread permutation.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// ContentHash is the SHA-256, in hex, of an article's title and text: equal
// hashes mean an exact re-post or an unchanged page.
func ContentHash(title, text string) string {
	h := sha256.New()
	h.Write([]byte(title))
	h.Write([]byte{0})
	h.Write([]byte(text))
	return hex.EncodeToString(h.Sum(nil))
}
