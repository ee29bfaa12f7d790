package classify

import (
	"encoding/binary"
	"strings"

	"github.com/govwire/govwire"
)

// The automaton runs over words, not letters: every word of every pattern
// gets a code, and a document becomes a string of uint16 codes (words no
// pattern uses get code 0, as do sentence boundaries), so a pattern can
// only match as whole words; the automaton (wordAC) has a state per
// distinct phrase prefix. Folding happens before: the codes are of folded
// words.
const maxWords = 1 << codeBits

// encodePatterns assigns word codes and encodes every folded pattern.
func encodePatterns(texts []string) (map[string]uint16, [][]uint16, error) {
	vocab := map[string]uint16{}
	out := make([][]uint16, len(texts))
	for i, t := range texts {
		words := strings.Split(t, " ")
		b := make([]uint16, 0, len(words))
		for _, w := range words {
			c, ok := vocab[w]
			if !ok {
				if len(vocab)+1 >= maxWords {
					return nil, nil, govwire.Errorf(govwire.EINVALID, "rules use more than %d distinct words", maxWords-1)
				}
				c = uint16(len(vocab) + 1)
				vocab[w] = c
			}
			b = append(b, c)
		}
		out[i] = b
	}
	return vocab, out, nil
}

// wordTable maps folded words to their codes: open addressing on
// wordHash, cheaper than a map lookup for the one lookup per document word.
// A word of up to eight bytes is also kept packed in a uint64, so that
// finding it takes one comparison and no call to compare memory.
type wordTable struct {
	mask  uint32
	slots []wordSlot
	long  []string // long words by code, for the final comparison
}

// wordSlot is 16 bytes, so that the table stays small in cache.
type wordSlot struct {
	key  uint64 // the word packed, if it is short
	hash uint32
	code uint16
	n    uint8 // 1 + the length of a short word; 0 for a long one
}

// shortWord is the longest word kept packed.
const shortWord = 8

// packWord packs a word of up to eight bytes into a uint64. When the
// slice's capacity allows, it loads eight bytes at once and masks off
// those past its length.
func packWord(b []byte) uint64 {
	if cap(b) >= 8 {
		return binary.LittleEndian.Uint64(b[:8]) & (^uint64(0) >> (64 - 8*len(b)))
	}
	var t uint64
	for i, c := range b {
		t |= uint64(c) << (8 * i)
	}
	return t
}

const hashMul = 0x9E3779B97F4A7C15

// wordHash hashes a folded word eight bytes at a time: words are short,
// so most take one multiply, where FNV-1a takes one per byte. A long word's
// hash (longHash) starts from a constant and takes its length last, so that
// the tokeniser can compute it while it looks for the word's end.
func wordHash(b []byte) uint32 {
	if len(b) <= shortWord {
		return shortHash(packWord(b), len(b))
	}
	h := uint64(hashMul)
	n := len(b)
	for len(b) >= 8 {
		h = longHashStep(h, binary.LittleEndian.Uint64(b))
		b = b[8:]
	}
	return longHashEnd(h, packWord(b), n)
}

// longHashStep adds eight bytes of a long word to its hash.
func longHashStep(h, x uint64) uint64 {
	h = (h ^ x) * hashMul
	return h ^ h>>31
}

// longHashEnd adds the last 0-7 bytes of a long word, packed, and its
// length n to its hash, and returns the hash.
func longHashEnd(h, tail uint64, n int) uint32 {
	h = (h ^ tail ^ uint64(n)<<56) * hashMul
	return uint32(h>>32) ^ uint32(h)
}

// shortHash is wordHash of a short word, packed.
func shortHash(key uint64, n int) uint32 {
	h := (key ^ uint64(n)<<59) * hashMul
	return uint32(h>>32) ^ uint32(h)
}

// newWordTable builds the table of vocab, at most half full.
func newWordTable(vocab map[string]uint16) *wordTable {
	size := uint32(64)
	for size < uint32(2*len(vocab)) {
		size <<= 1
	}
	t := &wordTable{mask: size - 1, slots: make([]wordSlot, size), long: make([]string, len(vocab)+1)}
	for w, c := range vocab {
		b := []byte(w)
		slot := wordSlot{hash: wordHash(b), code: c}
		if len(b) <= shortWord {
			slot.key, slot.n = packWord(b), uint8(len(b)+1)
		} else {
			t.long[c] = w
		}
		for i := slot.hash & t.mask; ; i = (i + 1) & t.mask {
			if t.slots[i].code == 0 {
				t.slots[i] = slot
				break
			}
		}
	}
	return t
}

// code returns the code of word w, 0 if no pattern uses it.
func (t *wordTable) code(w []byte) uint16 {
	if len(w) <= shortWord {
		return t.codeKey(packWord(w), len(w))
	}
	h := wordHash(w)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.code == 0 {
			return 0
		}
		if s.hash == h && s.n == 0 && t.long[s.code] == string(w) {
			return s.code
		}
	}
}

// codeKey returns the code of the word of n <= shortWord bytes packed in
// key.
func (t *wordTable) codeKey(key uint64, n int) uint16 {
	m := uint8(n + 1)
	for i := shortHash(key, n) & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.code == 0 {
			return 0
		}
		if s.key == key && s.n == m {
			return s.code
		}
	}
}

// codeAt returns the code of the folded form of w, a word of ASCII
// letters and digits, given what asciiWordAt returned for it.
func (t *wordTable) codeAt(w string, key uint64, hash uint32) uint16 {
	if len(w) <= shortWord {
		return t.codeKey(key, len(w))
	}
	return t.codeLong(w, hash)
}

// codeLong returns the code of the folded form of w, a word of more than
// shortWord ASCII letters and digits whose folded form has hash h.
func (t *wordTable) codeLong(w string, h uint32) uint16 {
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.code == 0 {
			return 0
		}
		if s.hash == h && s.n == 0 && equalFolded(t.long[s.code], w) {
			return s.code
		}
	}
}

// equalFolded reports whether folded is the folded form of w, a word of
// ASCII letters and digits, comparing eight bytes at a time.
func equalFolded(folded, w string) bool {
	if len(folded) != len(w) {
		return false
	}
	k := 0
	for ; k+8 <= len(w); k += 8 {
		if binary.LittleEndian.Uint64([]byte(folded[k:k+8])) != binary.LittleEndian.Uint64([]byte(w[k:k+8]))|asciiFold {
			return false
		}
	}
	for ; k < len(w); k++ {
		if folded[k] != w[k]|0x20 {
			return false
		}
	}
	return true
}
