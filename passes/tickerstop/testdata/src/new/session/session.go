// Package session tracks client sessions that expire when idle.
package session

import (
	"net"
	"os"
	"sync"
	"time"
)

// Session is one client connection.
type Session struct {
	mu       sync.Mutex
	conn     net.Conn
	idle     time.Duration
	lastSeen time.Time
}

// POSITIVE: Touch runs on every request and drops the *Timer of each
// AfterFunc; Close has no way to cancel them, so every pending callback
// (and the Session it captures) outlives Close.
func (s *Session) Touch() {
	s.mu.Lock()
	s.lastSeen = time.Now()
	s.mu.Unlock()
	time.AfterFunc(s.idle, s.expireIfIdle) // want `timer from time\.AfterFunc is dropped, so Close cannot stop it`
}

func (s *Session) expireIfIdle() {
	s.mu.Lock()
	idle := time.Since(s.lastSeen) >= s.idle
	s.mu.Unlock()
	if idle {
		s.Close()
	}
}

// Close closes the connection.
func (s *Session) Close() error {
	return s.conn.Close()
}

// Cache expires entries with fire-and-forget timers; it has no Close.
type Cache struct {
	mu    sync.Mutex
	items map[string]string
}

// NEGATIVE: dropped AfterFunc in a method of a type without Close; there is
// no owner shutdown path the timer could outlive.
func (c *Cache) Set(key, val string, ttl time.Duration) {
	c.mu.Lock()
	c.items[key] = val
	c.mu.Unlock()
	time.AfterFunc(ttl, func() { c.delete(key) })
}

func (c *Cache) delete(key string) {
	c.mu.Lock()
	delete(c.items, key)
	c.mu.Unlock()
}

// NEGATIVE: dropped AfterFunc in a plain function (no owning type).
func RemoveLater(path string, after time.Duration) {
	time.AfterFunc(after, func() { os.Remove(path) })
}
