// Variants of arm_helper_after_alloc: the helper reached through another
// helper from a per-event method (leak), the helper called on elements of
// a slice that were armed before (leak), and a helper called only from two
// constructors and after the caller stopped the field (near-misses).
package variants

import "time"

type Lease struct {
	ttl   time.Duration
	renew *time.Timer
}

func (l *Lease) fire() {}

func (l *Lease) arm() {
	l.renew = time.AfterFunc(l.ttl, l.fire) // want `timer field "renew" of \*Lease is re-armed`
}

func (l *Lease) refresh() { l.arm() }

// Extend is called per keep-alive: refresh re-arms without stopping.
func (l *Lease) Extend() { l.refresh() }

func (l *Lease) Close() { l.renew.Stop() }

func NewLease(ttl time.Duration) *Lease {
	l := &Lease{ttl: ttl}
	l.arm()
	return l
}

type Pool struct{ leases []*Lease }

type Ticket struct {
	ttl time.Duration
	t   *time.Timer
}

func (k *Ticket) expire() {}

func (k *Ticket) start() {
	k.t = time.AfterFunc(k.ttl, k.expire) // want `timer field "t" of \*Ticket is re-armed`
}

func (k *Ticket) Close() { k.t.Stop() }

func NewTicket() *Ticket {
	k := &Ticket{ttl: time.Second}
	k.start()
	return k
}

// RestartAll re-arms tickets that are already armed.
func RestartAll(ks []*Ticket) {
	for _, k := range ks {
		k.start()
	}
}

// Near-miss: arming helper entered only on fresh objects, or after the
// caller stopped the field.
type Grant struct {
	ttl time.Duration
	t   *time.Timer
}

func (g *Grant) expire() {}

func (g *Grant) arm() { g.t = time.AfterFunc(g.ttl, g.expire) }

func (g *Grant) stop() {
	if g.t != nil {
		g.t.Stop()
	}
}

func NewGrant() *Grant {
	g := &Grant{ttl: time.Second}
	g.arm()
	return g
}

func NewShortGrant() *Grant {
	g := &Grant{ttl: time.Millisecond}
	g.arm()
	return g
}

func (g *Grant) Renew() {
	g.stop()
	g.arm()
}

func (g *Grant) Close() { g.stop() }
