// LEAK: Acquire binds release := func() { p.mu.Unlock() } and a fail closure
// that calls it, but the exhausted-pool path returns directly instead of
// through fail, leaving p.mu held; the next Acquire or Put blocks forever.
// Report at p.mu.Lock() in Acquire (related: the ErrExhausted return only).
package leak

import (
	"errors"
	"sync"
)

var (
	ErrPoolClosed = errors.New("pool: closed")
	ErrExhausted  = errors.New("pool: no idle connection")
)

type Conn struct{ id int }

type Pool struct {
	mu       sync.Mutex
	idle     []*Conn
	closed   bool
	failures int
}

func (p *Pool) Acquire() (*Conn, error) {
	p.mu.Lock() // want `mutex "p\.mu" locked here stays locked`
	release := func() { p.mu.Unlock() }
	fail := func(err error) (*Conn, error) {
		p.failures++
		release()
		return nil, err
	}
	if p.closed {
		return fail(ErrPoolClosed)
	}
	if len(p.idle) == 0 {
		p.failures++
		return nil, ErrExhausted
	}
	c := p.idle[len(p.idle)-1]
	p.idle = p.idle[:len(p.idle)-1]
	p.mu.Unlock()
	return c, nil
}

func (p *Pool) Put(c *Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.idle = append(p.idle, c)
}
