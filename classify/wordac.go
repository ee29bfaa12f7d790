package classify

import (
	"github.com/govwire/govwire"
)

// wordAC is an Aho-Corasick automaton over word codes, built as a DFA but
// stored compactly. Over words the alphabet is the rule vocabulary (a few
// thousand codes) and most states have one outgoing edge, so a full table
// (states x codes) would be mostly copies of the root's row. Instead:
//
//   - root[c] is the state after code c from the root, and, for every
//     other state s, the state after c unless the pair is an exception;
//   - except maps (s, c) to the next state for the pairs where the DFA's
//     transition differs from root[c]: the trie edges of s and those it
//     inherits along its failure links;
//   - outs[outOff[s]:outOff[s+1]] lists the patterns that end at s, the
//     longest first (the state's own pattern, then along its failure
//     chain), the same order in which github.com/BobuSumisu/aho-corasick
//     reports them.
//
// One step is a probe of an open-addressed table (at most half full) and,
// when it misses, one load from root. With the current rules (about 6,000
// states over 2,500 words, 31,000 exceptions) that is under 1 MB in all,
// where the library's 256-wide table over two-byte codes takes 2 KB for
// each of about twice as many states.
type wordAC struct {
	root   []uint32
	except []acSlot
	mask   uint32
	outOff []uint32
	outs   []int32
}

// acSlot is one exception: key is state<<codeBits | code (never 0, since
// the root has no exceptions), next the state it leads to.
type acSlot struct{ key, next uint32 }

// codeBits is the width of a word code in an exception key; maxWords
// keeps codes below it.
const codeBits = 14

// maxStates bounds the automaton so that an exception key fits in 32 bits.
const maxStates = 1 << (32 - codeBits)

// newWordAC builds the automaton of the patterns, each a sequence of word
// codes (none 0), numbered by position. Patterns are distinct.
func newWordAC(pats [][]uint16, ncodes int) (*wordAC, error) {
	// The trie: goto edges in one map, children in order of insertion.
	type edge struct {
		code uint16
		to   uint32
	}
	edges := map[uint32]uint32{} // state<<codeBits|code -> state
	children := [][]edge{nil}
	own := []int32{-1} // the pattern that ends at each state
	for p, words := range pats {
		s := uint32(0)
		for _, c := range words {
			key := s<<codeBits | uint32(c)
			t, ok := edges[key]
			if !ok {
				t = uint32(len(own))
				if t >= maxStates {
					return nil, govwire.Errorf(govwire.EINVALID, "rule phrases need more than %d automaton states", maxStates-1)
				}
				edges[key] = t
				children[s] = append(children[s], edge{c, t})
				children = append(children, nil)
				own = append(own, -1)
			}
			s = t
		}
		own[s] = int32(p)
	}
	n := len(own)
	a := &wordAC{root: make([]uint32, ncodes+1), outOff: make([]uint32, n+1)}
	for _, ed := range children[0] {
		a.root[ed.code] = ed.to
	}
	// Breadth first: failure links, output lists and exception sets, each
	// from those of shallower states.
	fail := make([]uint32, n)
	outList := make([][]int32, n)
	exc := make([][]edge, n)         // exceptions of each state
	mark := make([]uint32, ncodes+1) // mark[c] == t: t has a trie edge on c
	queue := []uint32{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, ed := range children[s] {
			t := ed.to
			if s != 0 {
				f := fail[s]
				for {
					if u, ok := edges[f<<codeBits|uint32(ed.code)]; ok {
						fail[t] = u
						break
					}
					if f == 0 {
						break
					}
					f = fail[f]
				}
			}
			if own[t] >= 0 {
				outList[t] = append(outList[t], own[t])
			}
			outList[t] = append(outList[t], outList[fail[t]]...)
			// t's own edges, then those of its failure state on other codes.
			m := append(make([]edge, 0, len(children[t])+len(exc[fail[t]])), children[t]...)
			for _, e := range children[t] {
				mark[e.code] = t
			}
			for _, e := range exc[fail[t]] {
				if mark[e.code] != t {
					m = append(m, e)
				}
			}
			exc[t] = m
			queue = append(queue, t)
		}
	}
	total := 0
	for s := 1; s < n; s++ {
		total += len(exc[s])
	}
	size := uint32(16)
	for size < uint32(2*total) {
		size <<= 1
	}
	a.except, a.mask = make([]acSlot, size), size-1
	for s := 1; s < n; s++ {
		for _, e := range exc[s] {
			c, to := e.code, e.to
			if to == a.root[c] {
				continue
			}
			key := uint32(s)<<codeBits | uint32(c)
			for i := acHash(key) & a.mask; ; i = (i + 1) & a.mask {
				if a.except[i].key == 0 {
					a.except[i] = acSlot{key, to}
					break
				}
			}
		}
	}
	for s := 0; s < n; s++ {
		a.outs = append(a.outs, outList[s]...)
		a.outOff[s+1] = uint32(len(a.outs))
	}
	return a, nil
}

// acHash spreads an exception key over the table.
func acHash(key uint32) uint32 { return (key * 0x9E3779B1) >> 7 }

// next returns the state after code c from state s.
func (a *wordAC) next(s uint32, c uint16) uint32 {
	if s != 0 {
		key := s<<codeBits | uint32(c)
		for i := acHash(key) & a.mask; ; i = (i + 1) & a.mask {
			sl := a.except[i]
			if sl.key == key {
				return sl.next
			}
			if sl.key == 0 {
				break
			}
		}
	}
	return a.root[c]
}

// walk calls fn with every match in codes: the index of the pattern's
// last code and the pattern. Matches overlap; at each position the longest
// comes first.
func (a *wordAC) walk(codes []uint16, fn func(end int, pat int32)) {
	s := uint32(0)
	for i, c := range codes {
		s = a.next(s, c)
		for j, e := a.outOff[s], a.outOff[s+1]; j < e; j++ {
			fn(i, a.outs[j])
		}
	}
}
