package sqlcore

import (
	"math/rand/v2"
	"testing"

	"github.com/govwire/govwire"
)

// TestSimilarityOfStored checks that comparing stored fingerprints gives
// govwire.Fingerprint.Similarity of the decoded ones, and that a damaged
// one (wrong length) matches nothing, as a failed decode did.
func TestSimilarityOfStored(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for n := range 200 {
		f := make(govwire.Fingerprint, govwire.FingerprintSize)
		g := make(govwire.Fingerprint, govwire.FingerprintSize)
		for i := range f {
			f[i] = rnd.Uint32()
			g[i] = rnd.Uint32()
			if rnd.IntN(govwire.FingerprintSize) < n%(govwire.FingerprintSize+1) {
				g[i] = f[i]
			}
		}
		if n%7 == 0 {
			g[3] = f[3] ^ 1<<24 // differs in the last byte only
		}
		a, _ := f.MarshalBinary()
		b, _ := g.MarshalBinary()
		if got, want := similarity(a, b), f.Similarity(g); got != want {
			t.Fatalf("similarity = %v, Fingerprint.Similarity = %v", got, want)
		}
	}
	f := make(govwire.Fingerprint, govwire.FingerprintSize)
	a, _ := f.MarshalBinary()
	for _, b := range [][]byte{nil, a[:len(a)-4], a[:len(a)-1], append(append([]byte{}, a...), 0, 0, 0, 0)} {
		if s := similarity(a, b); s != 0 {
			t.Errorf("similarity with %d bytes = %v, want 0", len(b), s)
		}
	}
}

// TestNearest checks the choice among candidates: the most similar at or
// above the threshold, ties to the earliest (fetched, then id), and only
// the earliest max examined whatever order they come in.
func TestNearest(t *testing.T) {
	c := func(cluster string, fetched int64, id string, sim float64) candidate {
		return candidate{cluster: cluster, id: id, fetched: fetched, sim: sim}
	}
	for _, tc := range []struct {
		name  string
		cands []candidate
		max   int
		want  string
	}{
		{"none", nil, 3, ""},
		{"below the threshold", []candidate{c("x", 1, "a", 0.1875)}, 3, ""},
		{"at the threshold", []candidate{c("x", 1, "a", 0.203125)}, 3, "x"},
		{"most similar", []candidate{c("x", 1, "a", 0.5), c("y", 2, "b", 0.6875), c("z", 3, "c", 0.25)}, 3, "y"},
		{"tie to the earlier", []candidate{c("y", 2, "b", 0.5), c("x", 1, "a", 0.5)}, 3, "x"},
		{"tie on fetched to the lower id", []candidate{c("y", 1, "b", 0.5), c("x", 1, "a", 0.5)}, 3, "x"},
		{"only the earliest max", []candidate{c("late", 9, "z", 1), c("x", 1, "a", 0.25), c("y", 2, "b", 0.5),
			c("w", 3, "c", 0.3)}, 3, "y"},
		{"exactly max", []candidate{c("late", 9, "z", 1), c("x", 1, "a", 0.25), c("y", 2, "b", 0.5)}, 3, "late"},
	} {
		if got := nearest(tc.cands, tc.max); got != tc.want {
			t.Errorf("%s: nearest = %q, want %q", tc.name, got, tc.want)
		}
	}
}
