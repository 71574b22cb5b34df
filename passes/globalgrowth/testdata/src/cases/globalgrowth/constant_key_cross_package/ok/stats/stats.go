// Package stats hands out named counters from a package-level registry,
// creating each one on first use. How many entries it holds depends only on
// the names its callers pass.
package stats

import (
	"sync"
	"sync/atomic"
)

type Counter struct{ n atomic.Int64 }

func (c *Counter) Add(d int64)  { c.n.Add(d) }
func (c *Counter) Value() int64 { return c.n.Load() }

var (
	mu       sync.Mutex
	counters = map[string]*Counter{}
)

// Get returns the counter called name, creating it if needed.
func Get(name string) *Counter { // want Get:"grows map cases/globalgrowth/constant_key_cross_package/ok/stats.counters keyed by param 0"
	mu.Lock()
	defer mu.Unlock()
	c, ok := counters[name]
	if !ok {
		c = new(Counter)
		counters[name] = c
	}
	return c
}
