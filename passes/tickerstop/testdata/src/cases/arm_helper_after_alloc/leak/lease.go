// LEAK: Extend (called on every keep-alive from the client) calls l.arm()
// again, which overwrites l.renew with a new time.AfterFunc without stopping
// the pending one. Each call leaves a timer Close can no longer reach: it
// still fires an extra renewal, even after the lease is released.
package leak

import (
	"sync"
	"time"
)

type Lease struct {
	mu       sync.Mutex
	key      string
	ttl      time.Duration
	renew    *time.Timer
	released bool
	onRenew  func(key string)
}

func NewLease(key string, ttl time.Duration, onRenew func(string)) *Lease {
	l := &Lease{key: key, ttl: ttl, onRenew: onRenew}
	l.arm()
	return l
}

func (l *Lease) arm() {
	l.renew = time.AfterFunc(l.ttl/2, l.fire) // want `timer field "renew" of \*Lease is re-armed`
}

func (l *Lease) fire() {
	l.onRenew(l.key)
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.released {
		l.renew.Reset(l.ttl / 2)
	}
}

// Extend restarts the renewal period.
func (l *Lease) Extend() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.arm()
}

func (l *Lease) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.released = true
	l.renew.Stop()
	return nil
}
