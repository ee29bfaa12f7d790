package sqlcore

import (
	"fmt"
	"strings"
	"sync"
)

// maxCachedCounts bounds each sqlByCount cache.
const maxCachedCounts = 64

// sqlByCount is SQL text that depends only on how many values a statement
// binds, built once per count: a save does not format its label and band
// statements again.
type sqlByCount struct {
	build func(n int) string
	mu    sync.RWMutex
	byN   map[int]string
}

// get returns the SQL for n values.
func (c *sqlByCount) get(n int) string {
	c.mu.RLock()
	q, ok := c.byN[n]
	c.mu.RUnlock()
	if ok {
		return q
	}
	q = c.build(n)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byN == nil {
		c.byN = map[int]string{}
	}
	if len(c.byN) < maxCachedCounts {
		c.byN[n] = q
	}
	return q
}

// valuesOfID writes n rows ($1, $2), ($1, $3)...: the article id $1 with
// each of n values.
func valuesOfID(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "($1, $%d)", 2+i)
	}
	return b.String()
}
