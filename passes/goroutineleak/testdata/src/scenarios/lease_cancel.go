package scenarios

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// LeaseBackend grants named leases with a time-to-live.
type LeaseBackend interface {
	Grant(name string, ttl time.Duration) error
	Revoke(name string)
}

// LeaseManager models a releaser goroutine waiting on a context whose cancel
// func is only kept on the success path; a failed Grant drops it uncalled.
type LeaseManager struct {
	backend LeaseBackend
	mu      sync.Mutex
	active  map[string]context.CancelFunc
}

func (m *LeaseManager) Acquire(name string, ttl time.Duration) error {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-ctx.Done() // want "goroutine blocks forever receiving from \"ctx\\.Done\\(\\)\""
		m.backend.Revoke(name)
	}()
	if err := m.backend.Grant(name, ttl); err != nil {
		return fmt.Errorf("acquire lease %q: %w", name, err)
	}
	m.mu.Lock()
	m.active[name] = cancel
	m.mu.Unlock()
	return nil
}
