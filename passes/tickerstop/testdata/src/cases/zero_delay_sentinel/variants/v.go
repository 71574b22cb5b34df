// Variants of zero_delay_sentinel: a Reset that reinstalls the placeholder
// over a live timer (leak), a placeholder helper called directly by a
// per-event method (leak), and a placeholder armed in a constructor that
// no closing method stops (near-miss: it fires at once and captures
// nothing).
package variants

import "time"

type Debouncer struct {
	t    *time.Timer
	wait time.Duration
	f    func()
}

func (d *Debouncer) Trigger() {
	d.t.Stop()
	d.t = time.AfterFunc(d.wait, d.f)
}

// Reset parks the timer on a placeholder without stopping the real one.
func (d *Debouncer) Reset() {
	d.t = time.AfterFunc(0, func() {}) // want `timer field "t" of \*Debouncer is re-armed`
}

func (d *Debouncer) Close() { d.t.Stop() }

func NewDebouncer(wait time.Duration, f func()) *Debouncer {
	return &Debouncer{t: time.AfterFunc(0, func() {}), wait: wait, f: f}
}

type Flusher struct {
	t      *time.Timer
	wait   time.Duration
	closed bool
}

func (f *Flusher) park() {
	f.t = time.AfterFunc(0, func() {}) // want `timer field "t" of \*Flusher is re-armed`
}

func (f *Flusher) flush() {}

func (f *Flusher) Write() {
	f.park()
	f.t.Stop()
	f.t = time.AfterFunc(f.wait, f.flush)
}

func (f *Flusher) Close() { f.t.Stop() }

// Near-miss: only a placeholder is stored, in a constructor; Close stops
// nothing, which is harmless for a timer that fires at once.
type Lazy struct {
	t      *time.Timer
	closed bool
}

func NewLazy() *Lazy {
	l := &Lazy{}
	l.t = time.AfterFunc(0, func() {})
	return l
}

func (l *Lazy) Close() { l.closed = true }
