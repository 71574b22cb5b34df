// LEAK: Put stops a replaced entry's expiry timer, but Remove and Close drop
// entries from the map without stopping theirs. Each dropped entry's pending
// time.AfterFunc keeps the entry (and the table) alive until its TTL runs
// out, and after Close every remaining timer still fires.
package leak

import (
	"sync"
	"time"
)

type entry[V any] struct {
	val    V
	expiry *time.Timer
}

type Table[K comparable, V any] struct {
	mu  sync.Mutex
	ttl time.Duration
	m   map[K]*entry[V]
}

func NewTable[K comparable, V any](ttl time.Duration) *Table[K, V] {
	return &Table[K, V]{ttl: ttl, m: make(map[K]*entry[V])}
}

func (t *Table[K, V]) Put(k K, v V) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if old, ok := t.m[k]; ok {
		old.expiry.Stop()
	}
	e := &entry[V]{val: v}
	e.expiry = time.AfterFunc(t.ttl, func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.m[k] == e {
			delete(t.m, k)
		}
	})
	t.m[k] = e
}

func (t *Table[K, V]) Remove(k K) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.m, k) // want `delete drops entries of map m whose field "expiry" holds a time.AfterFunc timer`
}

func (t *Table[K, V]) Close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	clear(t.m) // want `clear drops entries of map m`
}
