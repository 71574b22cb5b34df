// LEAK: Register holds r.mu (deferred Unlock) and calls r.Lookup to check for
// a duplicate; Lookup locks r.mu again. sync.Mutex is not reentrant, so the
// caller blocks forever on its own lock. Report at the Lock in Lookup, reached
// from the call r.Lookup(name) in Register while r.mu is held.
package leak

import (
	"fmt"
	"sync"
)

type Registry struct {
	mu    sync.Mutex
	addrs map[string]string
}

func NewRegistry() *Registry {
	return &Registry{addrs: make(map[string]string)}
}

func (r *Registry) Lookup(name string) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	addr, ok := r.addrs[name]
	return addr, ok
}

func (r *Registry) Register(name, addr string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if old, dup := r.Lookup(name); dup { // want `calls \(\*Registry\)\.Lookup, which locks "r\.mu" again while it is held`
		return fmt.Errorf("service %q already at %s", name, old)
	}
	r.addrs[name] = addr
	return nil
}
