// Variants of stop_via_pointer_helper: Close stops one field through the
// **time.Timer helper but not the other (leak), a generic owner whose Close
// forgets the helper (leak), and a helper that loads the timer into a local
// before stopping it (near-miss).
package variants

import "time"

func stopTimer(pt **time.Timer) {
	if *pt != nil {
		(*pt).Stop()
		*pt = nil
	}
}

type Conn struct {
	read, write *time.Timer
	closed      bool
}

func (c *Conn) timeout() {}

func (c *Conn) SetReadDeadline(d time.Duration) {
	stopTimer(&c.read)
	c.read = time.AfterFunc(d, c.timeout)
}

func (c *Conn) SetWriteDeadline(d time.Duration) {
	stopTimer(&c.write)
	c.write = time.AfterFunc(d, c.timeout) // want `timer "write" from time.AfterFunc is stored in a field of \*Conn that Close never stops`
}

func (c *Conn) Close() error {
	c.closed = true
	stopTimer(&c.read)
	return nil
}

type Retrier[T any] struct {
	t      *time.Timer
	last   T
	closed bool
}

func (r *Retrier[T]) attempt() {}

func (r *Retrier[T]) Schedule(d time.Duration) {
	stopTimer(&r.t)
	r.t = time.AfterFunc(d, r.attempt) // want `timer "t" from time.AfterFunc is stored in a field of \*Retrier that Close never stops`
}

func (r *Retrier[T]) Close() error {
	r.closed = true
	return nil
}

// Near-miss: the helper copies the timer into a local before stopping it.
func halt(pt **time.Timer) {
	if t := *pt; t != nil {
		t.Stop()
	}
}

type Poller struct {
	t      *time.Timer
	closed bool
}

func (p *Poller) poll() {}

func (p *Poller) Schedule(d time.Duration) {
	halt(&p.t)
	p.t = time.AfterFunc(d, p.poll)
}

func (p *Poller) Close() {
	p.closed = true
	halt(&p.t)
}
