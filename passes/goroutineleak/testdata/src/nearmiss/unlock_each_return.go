package nearmiss

import (
	"errors"
	"sync"
	"time"
)

var errQuotaExceeded = errors.New("quota exceeded")

// QuotaTracker models hand-written unlocking: the mutex is released before
// every return, including the error return, without using defer.
type QuotaTracker struct {
	mu     sync.Mutex
	limit  int
	used   map[string]int
	window time.Time
}

func (q *QuotaTracker) Consume(tenant string, n int) error {
	q.mu.Lock()
	if time.Since(q.window) > time.Minute {
		q.used = make(map[string]int)
		q.window = time.Now()
	}
	if q.used[tenant]+n > q.limit {
		q.mu.Unlock()
		return errQuotaExceeded
	}
	q.used[tenant] += n
	q.mu.Unlock()
	return nil
}
