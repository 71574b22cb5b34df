// Variants of first_arm_fresh_object: a generic session whose nested timer
// is re-armed per event (leak), a re-armed reloaded field that was not
// freshly assigned (leak), and first armings through new(T) captured by a
// closure and through a helper struct literal (near-misses).
package variants

import "time"

type timers struct{ idle *time.Timer }

type Session[T any] struct {
	tm  timers
	val T
}

func NewSession[T any](v T) *Session[T] {
	s := &Session[T]{val: v}
	s.tm.idle = time.AfterFunc(time.Minute, s.expire) // first arming of a nested field: silent
	return s
}

func (s *Session[T]) expire() {}

// Poke runs per request.
func (s *Session[T]) Poke() {
	s.tm.idle = time.AfterFunc(time.Minute, s.expire) // want `timer field "idle" of \*timers is re-armed`
}

func (s *Session[T]) Close() { s.tm.idle.Stop() }

type deadline struct{ t *time.Timer }

type Conn struct {
	hs *deadline
}

func (c *Conn) expire() {}

// Rehandshake re-arms the deadline of the existing c.hs: not a fresh object.
func (c *Conn) Rehandshake() {
	c.hs.t = time.AfterFunc(time.Second, c.expire) // want `timer field "t" of \*deadline is re-armed`
}

func (c *Conn) Close() { c.hs.t.Stop() }

type Pinger struct{ t *time.Timer }

func (p *Pinger) ping() {}

func (p *Pinger) Close() { p.t.Stop() }

// NewPinger allocates with new and captures p in a closure: still a fresh
// object, nothing is replaced.
func NewPinger() *Pinger {
	p := new(Pinger)
	p.t = time.AfterFunc(time.Second, func() { p.ping() })
	return p
}
