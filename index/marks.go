package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
)

// marks are the internal keys that say every document of an index was
// written with something a later version added to the documents: an index
// without one (written before) works without what it marks until rebuilt.
var marks = [][]byte{sampleKey, pairsKey}

// readMark reports whether bi carries the mark key: the index says so, or
// it is empty and is marked now (every document will be written by this
// version).
func readMark(bi bleve.Index, key []byte) (bool, error) {
	b, err := bi.GetInternal(key)
	if err != nil {
		return false, fmt.Errorf("read index mark %s: %w", key, err)
	}
	if len(b) > 0 {
		return true, nil
	}
	if n, err := bi.DocCount(); err != nil || n > 0 {
		return false, err
	}
	if err := bi.SetInternal(key, []byte{1}); err != nil {
		return false, fmt.Errorf("mark index %s: %w", key, err)
	}
	return true, nil
}

// readMarks sets ix's flags from the marks of bi.
func (ix *Index) readMarks(bi bleve.Index) error {
	sampled, err := readMark(bi, sampleKey)
	if err != nil {
		return err
	}
	pairs, err := readMark(bi, pairsKey)
	if err != nil {
		return err
	}
	ix.sampled.Store(sampled)
	ix.pairs.Store(pairs)
	return nil
}
