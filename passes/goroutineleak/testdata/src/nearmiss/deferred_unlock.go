package nearmiss

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
)

// RoutingTable maps service names to backend addresses.
type RoutingTable struct {
	Routes map[string]string `json:"routes"`
}

// RouteStore models a reload that defers Unlock, so the error returns between
// Lock and the end of the method release the mutex.
type RouteStore struct {
	mu    sync.RWMutex
	table RoutingTable
	path  string
}

func (s *RouteStore) Reload() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	data, err := os.ReadFile(s.path)
	if err != nil {
		return fmt.Errorf("reload %s: %w", s.path, err)
	}
	var next RoutingTable
	if err := json.Unmarshal(data, &next); err != nil {
		return fmt.Errorf("decode %s: %w", s.path, err)
	}
	s.table = next
	return nil
}

func (s *RouteStore) Lookup(service string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	addr, ok := s.table.Routes[service]
	return addr, ok
}
