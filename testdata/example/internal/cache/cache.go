// Package cache provides a process-wide TTL cache for product data and an
// asynchronous loader that fills it from the backing store.
package cache

import (
	"context"
	"sync"
	"time"
)

// maxEntries bounds the number of cached items.
const maxEntries = 10000

type entry struct {
	val     []byte
	expires time.Time
}

// mu guards entries.
var mu sync.Mutex

// entries holds cached values by key. OK(g): expired entries are deleted by
// evictExpired.
var entries = make(map[string]entry)

// Get returns the cached value for key, if present and not expired.
func Get(key string) ([]byte, bool) {
	mu.Lock()
	defer mu.Unlock()
	e, ok := entries[key]
	if !ok || time.Now().After(e.expires) {
		return nil, false
	}
	return e.val, true
}

// Set stores val under key for ttl. When the cache is full the value is not
// stored; the janitor makes room as entries expire.
func Set(key string, val []byte, ttl time.Duration) {
	mu.Lock()
	defer mu.Unlock()
	if _, exists := entries[key]; !exists && len(entries) >= maxEntries {
		return
	}
	entries[key] = entry{val: val, expires: time.Now().Add(ttl)}
}

// evictExpired removes all entries that expired before now.
func evictExpired(now time.Time) {
	mu.Lock()
	defer mu.Unlock()
	for k, e := range entries {
		if now.After(e.expires) {
			delete(entries, k)
		}
	}
}

// Janitor periodically evicts expired entries.
type Janitor struct {
	interval time.Duration
}

// NewJanitor returns a janitor that sweeps the cache every interval.
func NewJanitor(interval time.Duration) *Janitor {
	return &Janitor{interval: interval}
}

// Run sweeps the cache until ctx is cancelled.
func (j *Janitor) Run(ctx context.Context) {
	t := time.NewTicker(j.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			evictExpired(now)
		}
	}
}
