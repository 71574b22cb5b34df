// LEAK: Schedule stops the previous retry timer through stopTimer(&r.t), but
// Close only sets the closed flag: a retry already pending keeps its
// callback (and r) alive and still calls send after the Retrier is closed.
package leak

import (
	"sync"
	"time"
)

func stopTimer(pt **time.Timer) {
	if *pt != nil {
		(*pt).Stop()
		*pt = nil
	}
}

type Retrier struct {
	mu     sync.Mutex
	t      *time.Timer
	tries  int
	closed bool
	send   func() error
}

func (r *Retrier) Schedule(after time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	stopTimer(&r.t)
	r.t = time.AfterFunc(after, r.attempt) // want `stored in a field of \*Retrier that Close never stops`
}

func (r *Retrier) attempt() {
	if err := r.send(); err != nil {
		r.mu.Lock()
		r.tries++
		backoff := time.Duration(r.tries) * time.Second
		r.mu.Unlock()
		r.Schedule(backoff)
	}
}

func (r *Retrier) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	return nil
}
