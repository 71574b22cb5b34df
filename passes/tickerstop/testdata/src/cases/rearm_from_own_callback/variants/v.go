// Variants of rearm_from_own_callback: Kick re-arms from outside the
// callback (leak), a callback that re-arms a different field whose timer
// may be pending (leak), and a closure callback that re-arms through a
// helper (near-miss).
package variants

import "time"

type Heartbeat struct {
	t     *time.Timer
	every time.Duration
}

func (h *Heartbeat) tick() {
	h.t = time.AfterFunc(h.every, h.tick) // its own timer has fired: silent
}

func (h *Heartbeat) Kick() {
	h.t = time.AfterFunc(h.every, h.tick) // want `timer field "t" of \*Heartbeat is re-armed`
}

func (h *Heartbeat) Stop() { h.t.Stop() }

type Probe struct {
	main, backup *time.Timer
	every        time.Duration
}

func (p *Probe) fire() {
	p.backup = time.AfterFunc(p.every, p.fallback) // want `timer field "backup" of \*Probe is re-armed`
}

func (p *Probe) fallback() {}

func NewProbe(every time.Duration) *Probe {
	p := &Probe{every: every}
	p.main = time.AfterFunc(every, p.fire)
	return p
}

func (p *Probe) Stop() {
	p.main.Stop()
	p.backup.Stop()
}

// Near-miss: the callback is a closure that re-arms through a helper.
type Refresher struct {
	t     *time.Timer
	every time.Duration
	do    func()
}

func (r *Refresher) schedule() {
	r.t = time.AfterFunc(r.every, func() {
		r.do()
		r.schedule()
	})
}

func NewRefresher(every time.Duration, do func()) *Refresher {
	r := &Refresher{every: every, do: do}
	r.schedule()
	return r
}

func (r *Refresher) Stop() { r.t.Stop() }
