package cache

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// ErrNotFound is returned by a FetchFunc when the key does not exist.
var ErrNotFound = errors.New("cache: not found")

// FetchFunc loads the value for key from the backing store.
type FetchFunc func(key string) ([]byte, error)

type result struct {
	val []byte
	err error
}

// pending tracks in-flight loads by request ID.
var pending = struct { // LEAK(globalgrowth)
	mu   sync.Mutex
	byID map[uint64]chan result
}{byID: make(map[uint64]chan result)}

// Loader fetches missing keys from the backing store and caches the result.
type Loader struct {
	fetch FetchFunc
	ttl   time.Duration
	next  atomic.Uint64
}

// NewLoader returns a loader that caches fetched values for ttl.
func NewLoader(fetch FetchFunc, ttl time.Duration) *Loader {
	return &Loader{fetch: fetch, ttl: ttl}
}

// Load returns the value for key, fetching it from the backing store if it
// is not cached. It gives up when ctx is done.
func (l *Loader) Load(ctx context.Context, key string) ([]byte, error) {
	if v, ok := Get(key); ok {
		return v, nil
	}
	id := l.next.Add(1)
	ch := make(chan result, 1)
	pending.mu.Lock()
	pending.byID[id] = ch
	pending.mu.Unlock()

	go l.run(id, key)

	select {
	case res := <-ch:
		if res.err != nil {
			return nil, fmt.Errorf("load %q: %w", key, res.err)
		}
		Set(key, res.val, l.ttl)
		return res.val, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// run performs the fetch for request id and delivers the result.
func (l *Loader) run(id uint64, key string) {
	val, err := l.fetch(key)
	pending.mu.Lock()
	ch := pending.byID[id]
	pending.mu.Unlock()
	ch <- result{val: val, err: err}
}
