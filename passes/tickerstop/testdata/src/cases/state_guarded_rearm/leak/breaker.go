// LEAK: Succeed moves the breaker back to closed without stopping the
// cool-down timer. The next Fail arms a second one while the first is still
// pending; the stale callback flips the new trip to half-open early, and
// Close can only stop the newest timer.
package leak

import (
	"sync"
	"time"
)

type state int

const (
	closed state = iota
	open
	halfOpen
)

type Breaker struct {
	mu       sync.Mutex
	state    state
	cooldown time.Duration
	probe    *time.Timer
}

func (b *Breaker) Fail() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == open {
		return
	}
	b.state = open
	b.probe = time.AfterFunc(b.cooldown, b.toHalfOpen) // want `timer field "probe" of \*Breaker is re-armed`
}

func (b *Breaker) toHalfOpen() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == open {
		b.state = halfOpen
	}
}

func (b *Breaker) Succeed() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.state = closed
}

func (b *Breaker) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.probe != nil {
		b.probe.Stop()
	}
	return nil
}
