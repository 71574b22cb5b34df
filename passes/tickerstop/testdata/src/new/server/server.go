// Package server holds servers that refresh their state in the background.
package server

import (
	"context"
	"log"
	"sync"
	"time"
)

// Server keeps a view of its peers, refreshed every 15s.
type Server struct {
	mu    sync.Mutex
	peers map[string]time.Time
}

func (s *Server) poll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for p, seen := range s.peers {
		if time.Since(seen) > time.Minute {
			delete(s.peers, p)
		}
	}
}

// POSITIVE: Start can run many times (it is a method); every call starts a
// ticker that is never stopped and a goroutine that ranges over t.C for
// ever, so the ticker, the goroutine and s stay reachable.
func (s *Server) Start() {
	t := time.NewTicker(15 * time.Second) // want `ticker "t" from time\.NewTicker is never stopped and is read by a goroutine that never exits`
	go func() {
		for range t.C {
			s.poll()
		}
	}()
}

// Watcher rescans a directory on every tick.
type Watcher struct {
	dir   string
	every time.Duration
}

func (w *Watcher) scan() { log.Printf("scanning %s", w.dir) }

// NEGATIVE: same shape as Server.Start, but the goroutine returns on
// ctx.Done(); afterwards nothing references the ticker and it is collected.
func (w *Watcher) Start(ctx context.Context) {
	t := time.NewTicker(w.every)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				w.scan()
			}
		}
	}()
}

// Janitor sweeps expired entries until closed.
type Janitor struct {
	quit  chan struct{}
	sweep func()
}

// NewJanitor returns a Janitor; call Run to start it and Close to end it.
func NewJanitor(sweep func()) *Janitor {
	return &Janitor{quit: make(chan struct{}), sweep: sweep}
}

// NEGATIVE: the goroutine exits when quit is closed by Close.
func (j *Janitor) Run(every time.Duration) {
	t := time.NewTicker(every)
	go func() {
		for {
			select {
			case <-j.quit:
				return
			case <-t.C:
				j.sweep()
			}
		}
	}()
}

// Close ends the goroutine started by Run.
func (j *Janitor) Close() { close(j.quit) }
