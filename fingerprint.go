package govwire

import "encoding/binary"

// Near-duplicate detection uses MinHash with locality-sensitive hashing:
// ingest computes a Fingerprint of FingerprintSize minimum hashes over the
// text's word shingles; the store finds candidate copies through the
// Fingerprint's band keys and keeps those whose Similarity reaches
// NearDuplicateSimilarity.
const (
	FingerprintSize = 64 // minimum hashes per fingerprint
	// FingerprintRows is the number of hashes per LSH band (32 bands): two
	// rows make a pair at similarity 0.35 a candidate with probability
	// 0.98, and one at 0.07 (two different stories on one topic) with 0.15.
	FingerprintRows = 2
	// NearDuplicateSimilarity is the estimated Jaccard similarity of word
	// bigram sets at or above which two articles are one story: a lightly
	// edited rewrite of the demo's syndicated story scores 0.36, different
	// stories on the same topic at most 0.07.
	NearDuplicateSimilarity = 0.2
)

// Fingerprint is a MinHash signature of an article's text. A nil or short
// Fingerprint matches nothing.
type Fingerprint []uint32

// Similarity estimates the Jaccard similarity of the shingle sets behind f
// and g: the fraction of positions where their minimum hashes agree.
func (f Fingerprint) Similarity(g Fingerprint) float64 {
	if len(f) != FingerprintSize || len(g) != FingerprintSize {
		return 0
	}
	same := 0
	for i := range f {
		if f[i] == g[i] {
			same++
		}
	}
	return float64(same) / FingerprintSize
}

// Bands returns one key per LSH band: two fingerprints that share a key are
// candidate near-duplicates. The band number is folded into the key, so keys
// of different bands never collide by position.
func (f Fingerprint) Bands() []int64 {
	if len(f) != FingerprintSize {
		return nil
	}
	keys := make([]int64, 0, FingerprintSize/FingerprintRows)
	for b := 0; b < FingerprintSize/FingerprintRows; b++ {
		h := uint64(14695981039346656037) ^ uint64(b)
		for _, v := range f[b*FingerprintRows : (b+1)*FingerprintRows] {
			h ^= uint64(v)
			h *= 1099511628211
		}
		keys = append(keys, int64(h>>1))
	}
	return keys
}

// MarshalBinary encodes f as little-endian uint32s, for storage.
func (f Fingerprint) MarshalBinary() ([]byte, error) {
	b := make([]byte, 4*len(f))
	for i, v := range f {
		binary.LittleEndian.PutUint32(b[4*i:], v)
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary wrote.
func (f *Fingerprint) UnmarshalBinary(b []byte) error {
	if len(b)%4 != 0 {
		return Errorf(EINVALID, "fingerprint: %d bytes is not a multiple of 4", len(b))
	}
	out := make(Fingerprint, len(b)/4)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	*f = out
	return nil
}
