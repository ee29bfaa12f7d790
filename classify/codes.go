package classify

import (
	"strings"

	"github.com/govwire/govwire"
)

// The automaton runs over words, not letters: every word of every pattern
// gets a code, and a document becomes a string of two-byte codes (words no
// pattern uses get code 0, as do sentence boundaries). The first byte of a
// code has its high bit set and the second has it clear, so a pattern can
// only match at the start of a word and only as whole words; a document
// shrinks to about a third of its bytes and the automaton to a fraction of
// its states. Folding happens before: the codes are of folded words.
const maxWords = 1 << 14

func codeHigh(c uint16) byte { return 0x80 | byte(c>>7) }
func codeLow(c uint16) byte  { return byte(c & 0x7f) }

// encodePatterns assigns word codes and encodes every folded pattern.
func encodePatterns(texts []string) (map[string]uint16, [][]byte, error) {
	vocab := map[string]uint16{}
	out := make([][]byte, len(texts))
	for i, t := range texts {
		words := strings.Split(t, " ")
		b := make([]byte, 0, 2*len(words))
		for _, w := range words {
			c, ok := vocab[w]
			if !ok {
				if len(vocab)+1 >= maxWords {
					return nil, nil, govwire.Errorf(govwire.EINVALID, "rules use more than %d distinct words", maxWords-1)
				}
				c = uint16(len(vocab) + 1)
				vocab[w] = c
			}
			b = append(b, codeHigh(c), codeLow(c))
		}
		out[i] = b
	}
	return vocab, out, nil
}

// wordTable maps folded words to their codes: open addressing on an FNV-1a
// hash, cheaper than a map lookup for the one lookup per document word.
type wordTable struct {
	mask  uint32
	slots []wordSlot
}

type wordSlot struct {
	hash uint32
	code uint16
	word string
}

func fnv(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h = (h ^ uint32(c)) * 16777619
	}
	return h
}

// newWordTable builds the table of vocab, at most half full.
func newWordTable(vocab map[string]uint16) *wordTable {
	size := uint32(64)
	for size < uint32(2*len(vocab)) {
		size <<= 1
	}
	t := &wordTable{mask: size - 1, slots: make([]wordSlot, size)}
	for w, c := range vocab {
		h := fnv([]byte(w))
		for i := h & t.mask; ; i = (i + 1) & t.mask {
			if t.slots[i].code == 0 {
				t.slots[i] = wordSlot{hash: h, code: c, word: w}
				break
			}
		}
	}
	return t
}

// code returns the code of word w, 0 if no pattern uses it.
func (t *wordTable) code(w []byte) uint16 {
	h := fnv(w)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.code == 0 {
			return 0
		}
		if s.hash == h && s.word == string(w) {
			return s.code
		}
	}
}
