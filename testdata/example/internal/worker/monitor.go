package worker

import (
	"log"
	"time"
)

// Monitor logs the pool's queue depth and retries stalled jobs.
type Monitor struct {
	pool  *Pool
	every time.Duration
	retry *time.Timer
}

// NewMonitor returns a monitor for p that reports every d.
func NewMonitor(p *Pool, d time.Duration) *Monitor {
	return &Monitor{pool: p, every: d}
}

// Watch starts reporting. Every call starts another reporter that can never
// be stopped, each with its own ticker.
func (m *Monitor) Watch() {
	t := time.NewTicker(m.every) // LEAK(tickerstop)
	go func() {                  // LEAK(goroutineleak)
		for range t.C {
			log.Printf("worker: %d jobs queued", len(m.pool.jobs))
		}
	}()
}

// Nudge schedules a retry of stalled jobs; Close cancels it.
func (m *Monitor) Nudge() {
	if m.retry != nil {
		m.retry.Stop() // OK: the previous retry is cancelled before re-arming
	}
	m.retry = time.AfterFunc(m.every, m.resubmit) // LEAK(tickerstop)
}

func (m *Monitor) resubmit() { log.Print("worker: retrying stalled jobs") }

// Close stops the monitor. It forgets the pending retry, whose callback
// (and the monitor it captures) stays alive until it fires.
func (m *Monitor) Close() error { // the retry timer is never stopped here
	m.every = 0
	return nil
}
