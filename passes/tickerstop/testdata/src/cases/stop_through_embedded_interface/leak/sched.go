// LEAK: jobs wrap their time.AfterFunc timer in a value embedding a canceler
// interface, and At stops a replaced job through it, but Close just clears
// the map: every pending callback (and what fn captures) stays alive until it
// fires, and the jobs still run after the scheduler is closed.
package leak

import (
	"sync"
	"time"
)

type canceler interface{ Stop() bool }

type job struct {
	canceler
	name string
}

type Scheduler struct {
	mu   sync.Mutex
	jobs map[string]job
}

func NewScheduler() *Scheduler { return &Scheduler{jobs: make(map[string]job)} }

// At runs fn after d, replacing any job of the same name.
func (s *Scheduler) At(name string, d time.Duration, fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.jobs[name]; ok {
		old.Stop()
	}
	s.jobs[name] = job{canceler: time.AfterFunc(d, fn), name: name}
}

func (s *Scheduler) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.jobs) // want `clear drops entries of map jobs whose field "canceler"`
	return nil
}
