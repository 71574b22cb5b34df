// Variants of ticker_made_in_goroutine: a method goroutine that makes its
// ticker and selects on it alone (leak), a generic tracker ranging over
// time.Tick (leak), and a daemon started once from main's init path and a
// goroutine that returns on its quit channel (near-misses).
package variants

import "time"

type Poller struct {
	fetch func(string)
}

func (p *Poller) poll(key string) {
	t := time.NewTicker(time.Second) // want `ticker "t" from time.NewTicker is made by a goroutine that never exits`
	for {
		select {
		case <-t.C:
			p.fetch(key)
		}
	}
}

func (p *Poller) Add(key string) { go p.poll(key) }

type Tracker[T any] struct {
	report func(T)
}

func (w *Tracker[T]) Track(v T) {
	go func() {
		for range time.Tick(time.Second) { // want `ticker from time.Tick is made by a goroutine that never exits`
			w.report(v)
		}
	}()
}

// Near-misses.
var daemonStarted bool

func init() {
	go func() {
		for range time.Tick(time.Minute) {
			daemonStarted = true
		}
	}()
}

type Job struct {
	quit chan struct{}
	run  func()
}

func (j *Job) Start() {
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				j.run()
			case <-j.quit:
				return
			}
		}
	}()
}

func (j *Job) Stop() { close(j.quit) }

// spawn starts f as a goroutine: a runner helper.
func spawn(f func()) { go f() }

// A goroutine started through the runner makes a ticker and never exits.
func (w *Tracker[T]) TrackVia(v T) {
	spawn(func() {
		t := time.NewTicker(time.Second) // want `ticker "t" from time.NewTicker is made by a goroutine that never exits`
		for range t.C {
			w.report(v)
		}
	})
}

// Near-miss: the goroutine started through the runner returns on quit.
func (w *Tracker[T]) TrackUntil(v T, quit <-chan struct{}) {
	spawn(func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				w.report(v)
			case <-quit:
				return
			}
		}
	})
}
