package index

import (
	"fmt"
	"runtime/debug"

	"github.com/blevesearch/bleve/v2"
)

// batchHook, when set (by tests), runs inside applyBatch before Bleve does:
// it stands in for a disk that fills up or a library that panics.
var batchHook func() error

// applyBatch applies b to bi, turning a panic inside Bleve into an error.
// Bleve's zapx segments panic ("assignment to entry in nil map") on a batch
// that follows a failed persist, as when the disk is full; the failed batch
// changes nothing, so the caller keeps its sequence and retries the same
// changes from the store later. The index recovers by itself once its
// persister can write again.
func applyBatch(bi bleve.Index, b *bleve.Batch) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &BatchPanicError{Value: fmt.Sprint(v), Stack: string(debug.Stack())}
		}
	}()
	if batchHook != nil {
		if err := batchHook(); err != nil {
			return err
		}
	}
	return bi.Batch(b)
}

// BatchPanicError is a panic inside Bleve while applying a batch, recovered.
type BatchPanicError struct {
	Value string // the panic value
	Stack string // where it happened, for the log
}

// Error implements the error interface.
func (e *BatchPanicError) Error() string {
	return "bleve panicked applying the batch (is the disk full?): " + e.Value
}
