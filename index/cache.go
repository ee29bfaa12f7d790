package index

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// lru is a bounded, concurrency-safe cache of values computed for an index
// generation. An entry is fresh while its generation is the index's current
// one, or while it is younger than the lag the caller allows. When a stale
// entry is asked for, exactly one caller is told to recompute it while the
// others keep getting the stale value, so that a write never makes every
// client wait for the same search at once; concurrent misses on a key with no
// value at all wait for the one computation in flight.
type lru[V any] struct {
	mu      sync.Mutex
	max     int
	ll      *list.List // front: most recently used
	items   map[string]*list.Element
	flights map[string]chan struct{} // closed when the computation ends
}

// lruEntry is one cached value; it is never modified once stored, so get
// may read it after releasing the lock.
type lruEntry[V any] struct {
	key string
	gen int64
	at  time.Time
	val V
}

func newLRU[V any](max int) *lru[V] {
	return &lru[V]{max: max, ll: list.New(), items: map[string]*list.Element{}, flights: map[string]chan struct{}{}}
}

// get returns the cached value of key with hit true when there is one:
// fresh (its generation is gen, or it is younger than lag) or, when lag is
// above 0, stale. own
// true hands the computation of key to the caller, who must then call done
// exactly once: for a stale value (hit and own) the caller may serve it and
// refresh it in the background; on a miss (own without hit) the caller
// computes it now. Concurrent misses on the same key wait for the caller
// that owns it; the error is ctx's, when it ends while waiting.
func (c *lru[V]) get(ctx context.Context, key string, gen int64, lag time.Duration) (v V, hit, own bool, err error) {
	for {
		c.mu.Lock()
		e, have := c.lookup(key)
		if have && (e.gen == gen || time.Since(e.at) < lag) {
			c.mu.Unlock()
			return e.val, true, false, nil
		}
		stale := have && lag > 0 // with no lag allowed, a stale value is a miss
		wait, busy := c.flights[key]
		if !busy {
			c.flights[key] = make(chan struct{})
			c.mu.Unlock()
			if stale {
				return e.val, true, true, nil
			}
			return v, false, true, nil
		}
		if stale {
			c.mu.Unlock()
			return e.val, true, false, nil // stale while another caller refreshes
		}
		c.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return v, false, false, ctx.Err()
		}
	}
}

// lookup finds key and marks it recently used. c.mu is held.
func (c *lru[V]) lookup(key string) (*lruEntry[V], bool) {
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	c.ll.MoveToFront(el)
	return el.Value.(*lruEntry[V]), true
}

// done ends the computation of key that get handed to the caller, storing
// val for gen when ok, and wakes the callers waiting for it.
func (c *lru[V]) done(key string, gen int64, val V, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch, busy := c.flights[key]; busy {
		close(ch)
		delete(c.flights, key)
	}
	if !ok {
		return
	}
	if el, have := c.items[key]; have {
		e := el.Value.(*lruEntry[V])
		if e.gen > gen {
			return // a newer value got there first
		}
		el.Value = &lruEntry[V]{key: key, gen: gen, at: time.Now(), val: val} // entries are immutable
		c.ll.MoveToFront(el)
		return
	}
	c.items[key] = c.ll.PushFront(&lruEntry[V]{key: key, gen: gen, at: time.Now(), val: val})
	for c.ll.Len() > c.max {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.items, last.Value.(*lruEntry[V]).key)
	}
}

// len returns the number of cached entries.
func (c *lru[V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}

// purge drops every entry (flights in progress still end normally).
func (c *lru[V]) purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ll.Init()
	clear(c.items)
}
