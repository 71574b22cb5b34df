// Variants of state_guarded_rearm: a Reset that moves the state back
// without stopping (leak), a transition back made in a helper that does not
// stop (leak), and a guard written with != and a disarm helper that stops
// (near-miss).
package variants

import "time"

type phase int

const (
	idle phase = iota
	armed
)

type Debounce struct {
	state phase
	t     *time.Timer
	wait  time.Duration
	fire  func()
}

func (d *Debounce) Trigger() {
	if d.state == armed {
		return
	}
	d.state = armed
	d.t = time.AfterFunc(d.wait, d.fire) // want `timer field "t" of \*Debounce is re-armed`
}

// Reset goes back to idle and forgets the pending timer.
func (d *Debounce) Reset() { d.state = idle }

func (d *Debounce) Close() { d.t.Stop() }

type Gate struct {
	mode phase
	t    *time.Timer
	wait time.Duration
}

func (g *Gate) open() {}

func (g *Gate) Arm() {
	if g.mode != idle {
		return
	}
	g.mode = armed
	g.t = time.AfterFunc(g.wait, g.open) // want `timer field "t" of \*Gate is re-armed`
}

func (g *Gate) toIdle() { g.mode = idle }

func (g *Gate) Cancel() { g.toIdle() }

func (g *Gate) Close() { g.t.Stop() }

// Near-miss: every way back to idle stops the timer first.
type Breaker struct {
	state phase
	t     *time.Timer
	wait  time.Duration
}

func (b *Breaker) probe() {}

func (b *Breaker) Trip() {
	if b.state != idle {
		return
	}
	b.state = armed
	b.t = time.AfterFunc(b.wait, b.probe)
}

func (b *Breaker) disarm() {
	b.t.Stop()
	b.state = idle
}

func (b *Breaker) Succeed() {
	if b.state == armed {
		b.disarm()
	}
}

func (b *Breaker) Close() { b.t.Stop() }
