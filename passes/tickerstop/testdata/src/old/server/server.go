// Package server is a small session server that sweeps idle sessions.
package server

import (
	"net"
	"sync"
	"time"
)

// Server tracks connections and closes idle ones on every sweep tick.
type Server struct {
	mu       sync.Mutex
	ticker   *time.Ticker
	lastSeen map[net.Conn]time.Time
	idle     time.Duration
	quit     chan struct{}
}

// NEGATIVE: the sweep ticker is stored in a field and Close stops it.
func New(idle time.Duration) *Server {
	return &Server{
		ticker:   time.NewTicker(idle / 2),
		lastSeen: make(map[net.Conn]time.Time),
		idle:     idle,
		quit:     make(chan struct{}),
	}
}

// Touch records activity on c.
func (s *Server) Touch(c net.Conn) {
	s.mu.Lock()
	s.lastSeen[c] = time.Now()
	s.mu.Unlock()
}

// Sweep closes idle connections on every tick until Close.
func (s *Server) Sweep() {
	for {
		select {
		case <-s.quit:
			return
		case now := <-s.ticker.C:
			s.mu.Lock()
			for c, seen := range s.lastSeen {
				if now.Sub(seen) > s.idle {
					c.Close()
					delete(s.lastSeen, c)
				}
			}
			s.mu.Unlock()
		}
	}
}

// Close stops the sweep ticker and ends Sweep.
func (s *Server) Close() error {
	s.ticker.Stop()
	close(s.quit)
	return nil
}
