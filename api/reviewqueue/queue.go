package reviewqueue

import (
	"context"
	"fmt"
	"sync"

	"github.com/govwire/govwire"
)

// catchUpBatch is how many changed articles Queue reads from the store at a
// time.
const catchUpBatch = 500

// Changes is the part of the store the queue reads: every article changed
// after a sequence number, as the search index reads it.
type Changes interface {
	ChangesSince(ctx context.Context, seq int64, limit int) ([]*govwire.Article, error)
}

// ReviewOf reports the reviewer's decision stored with an article, if any.
type ReviewOf func(a *govwire.Article) (reviewed bool, decision Mask)

// Queue is the review queue of a store: a Set kept in step with the
// store's changes. It is safe for concurrent use.
type Queue struct {
	src      Changes
	th       Thresholds
	reviewOf ReviewOf

	mu  sync.Mutex
	set *Set
	seq int64 // the store sequence number the set has caught up to
}

// New returns a queue over src. reviewOf may be nil (no article counts as
// reviewed).
func New(src Changes, th Thresholds, reviewOf ReviewOf) *Queue {
	if reviewOf == nil {
		reviewOf = func(*govwire.Article) (bool, Mask) { return false, 0 }
	}
	return &Queue{src: src, th: th, reviewOf: reviewOf, set: NewSet()}
}

// Thresholds returns the thresholds the queue ranks with.
func (q *Queue) Thresholds() Thresholds { return q.th }

// Rank catches up with the store, then ranks as Set.Rank does.
func (q *Queue) Rank(ctx context.Context, f Filter, offset, size int) (Page, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if err := q.catchUp(ctx); err != nil {
		return Page{}, err
	}
	return q.set.Rank(f, q.th, offset, size), nil
}

// CatchUp reads the changes made to the store since the last call (every
// article, the first time). Progress is kept when ctx ends midway.
func (q *Queue) CatchUp(ctx context.Context) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.catchUp(ctx)
}

func (q *Queue) catchUp(ctx context.Context) error {
	for {
		batch, err := q.src.ChangesSince(ctx, q.seq, catchUpBatch)
		if err != nil {
			return fmt.Errorf("review queue catch up: %w", err)
		}
		for _, a := range batch {
			reviewed, decision := q.reviewOf(a)
			q.set.Put(NewEntry(a, reviewed, decision, q.th))
			q.seq = max(q.seq, a.Seq)
		}
		if len(batch) < catchUpBatch {
			return nil
		}
	}
}
