package classify

import (
	"strings"
	"testing"
)

// TestWordTable looks up every word of the rule set, and near misses,
// from buffers that hold other bytes past the word (as the folder's does).
func TestWordTable(t *testing.T) {
	e, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	vocab := map[string]bool{}
	for _, text := range e.texts {
		for _, w := range strings.Split(text, " ") {
			vocab[w] = true
		}
	}
	lookup := func(w string) uint16 {
		b := append([]byte(w), "zzzzzzzzzzzzzzzz"...) // garbage past the word
		return e.vocab.code(b[:len(w)])
	}
	for w := range vocab {
		c := lookup(w)
		if c == 0 {
			t.Fatalf("word %q not found", w)
		}
		if e.vocab.code([]byte(w)) != c {
			t.Fatalf("word %q: code depends on the buffer", w)
		}
		for _, miss := range []string{w + "z", w[:len(w)-1], "z" + w, strings.ToUpper(w)} {
			if got := lookup(miss); !vocab[miss] && got != 0 {
				t.Fatalf("non-word %q found as code %d", miss, got)
			}
		}
	}
	if lookup("") != 0 {
		t.Fatal("empty word found")
	}
}
