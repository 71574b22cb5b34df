// LEAK: Touch runs on every frame and re-arms the nested idle timer with a
// fresh time.AfterFunc instead of resetting it. The previous timer is never
// stopped, so every frame leaves a pending callback that later closes the
// connection early and keeps it reachable until it fires.
package leak

import (
	"sync"
	"time"
)

type idleTimer struct {
	t       *time.Timer
	timeout time.Duration
}

type deadline struct{ t *time.Timer }

type Conn struct {
	mu     sync.Mutex
	idle   idleTimer
	hs     *deadline
	closed bool
}

func newConn(idle, handshake time.Duration) *Conn {
	c := &Conn{}
	c.idle.timeout = idle
	c.idle.t = time.AfterFunc(idle, c.expire)
	c.hs = &deadline{}
	c.hs.t = time.AfterFunc(handshake, c.expire)
	return c
}

func (c *Conn) expire() { c.Close() }

// Touch is called on every frame read.
func (c *Conn) Touch() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.idle.t = time.AfterFunc(c.idle.timeout, c.expire) // want `timer field "t" of \*idleTimer is re-armed`
	}
}

func (c *Conn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	c.idle.t.Stop()
	c.hs.t.Stop()
	return nil
}
