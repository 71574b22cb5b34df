// LEAK: Snapshot read-locks all n shards, then returns ErrNegative from the
// copy loop before the second loop releases them, so every shard stays
// read-locked and the next Hit (Lock) on any shard blocks forever. Report at
// the RLock in the first loop (related: the ErrNegative return).
package leak

import (
	"errors"
	"sync"
)

var ErrNegative = errors.New("counter: negative count")

type shard struct {
	mu   sync.RWMutex
	hits map[string]int
}

type Counter struct {
	shards []*shard
}

func (c *Counter) Hit(key string) {
	s := c.shards[len(key)%len(c.shards)]
	s.mu.Lock()
	s.hits[key]++
	s.mu.Unlock()
}

// Snapshot returns a consistent copy of all shards.
func (c *Counter) Snapshot() (map[string]int, error) {
	n := len(c.shards)
	for i := 0; i < n; i++ {
		c.shards[i].mu.RLock() // want `mutex "c\.shards\[i\]\.mu" locked here stays locked`
	}
	out := make(map[string]int)
	for _, s := range c.shards {
		for k, v := range s.hits {
			if v < 0 {
				return nil, ErrNegative
			}
			out[k] += v
		}
	}
	for i := 0; i < n; i++ {
		c.shards[i].mu.RUnlock()
	}
	return out, nil
}
