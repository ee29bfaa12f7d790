package export

import (
	"crypto/sha256"
	"encoding/binary"
)

// DefaultSeed is the split seed when none is given.
const DefaultSeed = "govwire"

// Split names.
const (
	SplitTrain = "train"
	SplitDev   = "dev"
	SplitTest  = "test"
)

// splitter assigns train/dev/test by a hash of the cluster id, so every
// copy of one story lands in the same split and the same corpus and seed
// give the same split every time.
type splitter struct {
	seed       string
	train, dev float64
}

func newSplitter(seed string, train, dev float64) splitter {
	return splitter{seed: seed, train: train, dev: dev}
}

// assign returns the split of the cluster.
func (s splitter) assign(clusterID string) string {
	h := sha256.Sum256([]byte(s.seed + "\x00" + clusterID))
	u := float64(binary.BigEndian.Uint64(h[:8])>>11) / (1 << 53) // uniform in [0, 1)
	switch {
	case u < s.train:
		return SplitTrain
	case u < s.train+s.dev:
		return SplitDev
	default:
		return SplitTest
	}
}
