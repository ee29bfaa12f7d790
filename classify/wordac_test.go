package classify

import (
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	ahocorasick "github.com/BobuSumisu/aho-corasick"

	"github.com/govwire/govwire"
)

// codeBytes writes word codes as the library's input: two bytes a code,
// the first with its high bit set, so matches start and end on codes.
func codeBytes(codes []uint16) []byte {
	b := make([]byte, 0, 2*len(codes))
	for _, c := range codes {
		b = append(b, 0x80|byte(c>>7), byte(c&0x7f))
	}
	return b
}

// libTrie builds github.com/BobuSumisu/aho-corasick's automaton over the
// engine's patterns, encoded as codeBytes: the reference for wordAC.
func libTrie(tb testing.TB, e *Engine) *ahocorasick.Trie {
	tb.Helper()
	_, encoded, err := encodePatterns(e.texts)
	if err != nil {
		tb.Fatal(err)
	}
	pats := make([][]byte, len(encoded))
	for i, p := range encoded {
		pats[i] = codeBytes(p)
	}
	return ahocorasick.NewTrieBuilder().AddPatterns(pats).Build()
}

// acMatches lists wordAC's matches in order: end code index and pattern.
func acMatches(a *wordAC, codes []uint16) [][2]int {
	var out [][2]int
	a.walk(codes, func(end int, pat int32) { out = append(out, [2]int{end, int(pat)}) })
	return out
}

// libMatches lists the library's matches in the same form and order.
func libMatches(tr *ahocorasick.Trie, codes []uint16) [][2]int {
	var out [][2]int
	tr.Walk(codeBytes(codes), func(end, n, pat int64) bool {
		if end%2 != 1 || n%2 != 0 {
			panic("library match off a code boundary")
		}
		out = append(out, [2]int{int(end / 2), int(pat)})
		return true
	})
	return out
}

// TestWordACAgainstLib compares wordAC's matches, in order, with the
// library's on random code streams: codes drawn from pattern prefixes and
// suffixes (so that failure links are exercised), random codes and 0.
func TestWordACAgainstLib(t *testing.T) {
	e, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	vocab, encoded, err := encodePatterns(e.texts)
	if err != nil {
		t.Fatal(err)
	}
	tr := libTrie(t, e)
	rng := rand.New(rand.NewPCG(3, 4))
	total := 0
	for iter := 0; iter < 3000; iter++ {
		var codes []uint16
		for len(codes) < 200 {
			switch p := encoded[rng.IntN(len(encoded))]; rng.IntN(6) {
			case 0:
				codes = append(codes, uint16(rng.IntN(len(vocab)+1)))
			case 1:
				codes = append(codes, 0)
			case 2:
				codes = append(codes, p[:rng.IntN(len(p))+1]...)
			case 3:
				codes = append(codes, p[rng.IntN(len(p)):]...)
			default:
				codes = append(codes, p...)
			}
		}
		got, want := acMatches(e.ac, codes), libMatches(tr, codes)
		if !slices.Equal(got, want) {
			t.Fatalf("codes %v:\n got %v\nwant %v", codes, got, want)
		}
		total += len(got)
	}
	if total < 10000 {
		t.Errorf("only %d matches: the test does not exercise the automaton", total)
	}
}

// TestWordACSmall checks overlapping and nested patterns by hand.
func TestWordACSmall(t *testing.T) {
	pats := [][]uint16{{1, 2, 3}, {2, 3}, {3}, {2, 3, 4}, {1, 2, 1, 2, 5}, {1, 1}}
	a, err := newWordAC(pats, 5)
	if err != nil {
		t.Fatal(err)
	}
	codes := []uint16{1, 2, 3, 4, 0, 1, 2, 1, 2, 1, 2, 5, 1, 1, 1}
	got := acMatches(a, codes)
	want := [][2]int{{2, 0}, {2, 1}, {2, 2}, {3, 3}, {11, 4}, {13, 5}, {14, 5}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestMatchAgainstWalk checks the engine's inlined walk (match, with its
// emission table) against wordAC.walk plus each pattern's own term sets
// and entries: the same hit lists in the same order, on every written case.
func TestMatchAgainstWalk(t *testing.T) {
	e, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/cases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases, err := readCases(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := e.pool.Get().(*scratch)
	checked := 0
	for _, c := range cases {
		e.scan(sc, govwire.Document{Title: c.Title, Text: c.Text})
		want := make([][]span, e.nsets)
		var wantEnts []entHit
		e.walk(sc, func(pat, first int) {
			p := &e.patterns[pat]
			sp := span{int32(first), int32(first + p.ntok)}
			for _, s := range p.sets {
				want[s] = append(want[s], sp)
			}
			for i := range p.ents {
				wantEnts = append(wantEnts, entHit{ref: &p.ents[i], span: sp})
			}
		})
		for s := range want {
			if !slices.Equal(sc.hits[s], want[s]) {
				t.Fatalf("case %s, set %d: match %v, walk %v", c.ID, s, sc.hits[s], want[s])
			}
			checked += len(want[s])
		}
		if !slices.Equal(sc.ents, wantEnts) {
			t.Fatalf("case %s: entities %v, walk %v", c.ID, sc.ents, wantEnts)
		}
	}
	if checked == 0 {
		t.Error("no hits checked")
	}
}
