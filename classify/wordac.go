package classify

import (
	"github.com/govwire/govwire"
)

// wordAC is an Aho-Corasick automaton over word codes, stored compactly.
// Over words the alphabet is the rule vocabulary (a few thousand codes)
// and most states have one outgoing edge, so a full table (states x codes)
// would be mostly copies of the root's row. Instead:
//
//   - root[c] is the state after code c from the root;
//   - edges maps (s, c) to the next state for the trie edges of every other
//     state s, in an open-addressed table (at most half full);
//   - fail[s] is s's failure link: when s has no edge on c, the automaton
//     goes on from fail[s], and from the root's row once it gets there;
//   - outs[outOff[s]:outOff[s+1]] lists the patterns that end at s, the
//     longest first (the state's own pattern, then along its failure
//     chain), the same order in which github.com/BobuSumisu/aho-corasick
//     reports them.
//
// A full DFA stores, for each state, the edges it inherits along its
// failure chain as well: with the current rules (about 9,500 states over
// 4,000 words) that was 78,000 exceptions in a 2 MB table that a document
// probes at random, out of cache; the trie edges alone take 128 KB. A step
// is one probe, and on a miss one more per failure link followed (most
// states are one or two links from the root).
type wordAC struct {
	root   []uint32
	edges  []acSlot
	mask   uint32
	fail   []uint32
	outOff []uint32
	outs   []int32

	// firstOut is the first state with matches to report: states are
	// numbered so that those with none come before it.
	firstOut uint32
}

// acSlot is one trie edge: key is state<<codeBits | code (never 0, since
// the root's edges are in root), next the state it leads to.
type acSlot struct{ key, next uint32 }

// codeBits is the width of a word code in an edge key; maxWords keeps
// codes below it.
const codeBits = 14

// maxStates bounds the automaton so that an edge key fits in 32 bits.
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
	// Breadth first: failure links and output lists, each from those of
	// shallower states.
	fail := make([]uint32, n)
	outList := make([][]int32, n)
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
			queue = append(queue, t)
		}
	}
	// Number the states again: the root 0, then those that report no
	// match, then those that do (from firstOut on), so that the walk tells
	// whether a state has matches without loading its output range.
	id, old := make([]uint32, n), make([]uint32, 0, n)
	old = append(old, 0)
	for _, outs := range []bool{false, true} {
		for s := 1; s < n; s++ {
			if (len(outList[s]) > 0) == outs {
				id[s] = uint32(len(old))
				old = append(old, uint32(s))
			}
		}
	}
	a := &wordAC{root: make([]uint32, ncodes+1), fail: make([]uint32, n), outOff: make([]uint32, n+1)}
	for _, ed := range children[0] {
		a.root[ed.code] = id[ed.to]
	}
	size := uint32(16)
	for size < uint32(2*len(edges)) {
		size <<= 1
	}
	a.edges, a.mask = make([]acSlot, size), size-1
	for s := 1; s < n; s++ {
		a.fail[id[s]] = id[fail[s]]
		for _, e := range children[s] {
			key := id[s]<<codeBits | uint32(e.code)
			for i := acHash(key) & a.mask; ; i = (i + 1) & a.mask {
				if a.edges[i].key == 0 {
					a.edges[i] = acSlot{key, id[e.to]}
					break
				}
			}
		}
	}
	a.firstOut = uint32(n)
	for s, o := range old {
		if len(outList[o]) > 0 && a.firstOut == uint32(n) {
			a.firstOut = uint32(s)
		}
		a.outs = append(a.outs, outList[o]...)
		a.outOff[s+1] = uint32(len(a.outs))
	}
	return a, nil
}

// acHash spreads an edge key over the table.
func acHash(key uint32) uint32 { return (key * 0x9E3779B1) >> 7 }

// next returns the state after code c from state s: s's own edge on c if
// it has one, else the edge of the first state along its failure chain
// that has one, else the root's.
func (a *wordAC) next(s uint32, c uint16) uint32 {
	for s != 0 {
		key := s<<codeBits | uint32(c)
		for i := acHash(key) & a.mask; ; i = (i + 1) & a.mask {
			sl := a.edges[i]
			if sl.key == key {
				return sl.next
			}
			if sl.key == 0 {
				break
			}
		}
		s = a.fail[s]
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
