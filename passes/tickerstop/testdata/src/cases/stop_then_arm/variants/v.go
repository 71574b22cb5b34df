// Variants of stop_then_arm: a caller that stops another field before
// arming (leak), a caller that stops only after arming (leak), and a caller
// that stops through a helper of a helper (near-miss).
package variants

import "time"

type Watchdog struct {
	t, other *time.Timer
	limit    time.Duration
	onStall  func()
}

func (w *Watchdog) arm() {
	w.t = time.AfterFunc(w.limit, w.onStall) // want `timer field "t" of \*Watchdog is re-armed`
}

func (w *Watchdog) stopOther() {
	if w.other != nil {
		w.other.Stop()
	}
}

// Kick stops the wrong field.
func (w *Watchdog) Kick() {
	w.stopOther()
	w.arm()
}

func (w *Watchdog) Close() {
	w.t.Stop()
	w.stopOther()
}

type Alarm struct {
	t     *time.Timer
	after time.Duration
}

func (a *Alarm) ring() {}

func (a *Alarm) set() {
	a.t = time.AfterFunc(a.after, a.ring) // want `timer field "t" of \*Alarm is re-armed`
}

// Snooze arms first and stops afterwards: the stop hits the new timer.
func (a *Alarm) Snooze() {
	a.set()
	a.t.Stop()
}

func (a *Alarm) Close() { a.t.Stop() }

// Near-miss: the stop is two helpers deep.
type Beacon struct {
	t     *time.Timer
	every time.Duration
}

func (b *Beacon) beep() {}

func (b *Beacon) arm() { b.t = time.AfterFunc(b.every, b.beep) }

func (b *Beacon) clearLocked() {
	if b.t != nil {
		b.t.Stop()
		b.t = nil
	}
}

func (b *Beacon) clear() { b.clearLocked() }

func (b *Beacon) Reset() {
	b.clear()
	b.arm()
}

func (b *Beacon) Close() { b.clear() }
