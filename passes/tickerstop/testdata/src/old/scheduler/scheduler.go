// Package scheduler runs jobs on an interval that can be changed at run time.
package scheduler

import (
	"sync"
	"time"
)

// Poller runs job on every tick of its ticker.
type Poller struct {
	ticker *time.Ticker
	job    func()
	done   chan struct{}
}

// NEGATIVE: the ticker goes into a freshly constructed Poller and
// (*Poller).Stop stops it.
func NewPoller(every time.Duration, job func()) *Poller {
	return &Poller{ticker: time.NewTicker(every), job: job, done: make(chan struct{})}
}

// Run calls job on every tick until Stop.
func (p *Poller) Run() {
	for {
		select {
		case <-p.done:
			return
		case <-p.ticker.C:
			p.job()
		}
	}
}

// POSITIVE: Restart replaces the field ticker without stopping the previous
// one, which keeps running (and is never collected under go 1.22).
func (p *Poller) Restart(every time.Duration) {
	p.ticker = time.NewTicker(every) // want `ticker field "ticker" of \*Poller is replaced without stopping the previous ticker`
}

// Stop stops the current ticker and ends Run.
func (p *Poller) Stop() {
	p.ticker.Stop()
	close(p.done)
}

// Scheduler is like Poller but restarts correctly.
type Scheduler struct {
	mu     sync.Mutex
	ticker *time.Ticker
	jobs   []func()
}

// NEGATIVE: constructor of a fresh Scheduler; Close and Restart stop it.
func NewScheduler(every time.Duration) *Scheduler {
	return &Scheduler{ticker: time.NewTicker(every)}
}

// Add registers a job.
func (s *Scheduler) Add(job func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jobs = append(s.jobs, job)
}

// NEGATIVE: Restart stops the previous ticker before assigning a new one.
func (s *Scheduler) Restart(every time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ticker.Stop()
	s.ticker = time.NewTicker(every)
}

// Close stops the ticker.
func (s *Scheduler) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ticker.Stop()
}
