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
