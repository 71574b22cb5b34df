package rpc

import (
	"sync"
	"time"
)

// IdleConn closes itself after a period without traffic.
type IdleConn struct {
	mu        sync.Mutex
	idle      time.Duration
	idleTimer *time.Timer
}

// NEGATIVE: the timer is created only when the field is nil and Reset
// otherwise, so no previous timer is ever dropped (net/http's persistConn).
func (c *IdleConn) markIdle() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.idleTimer != nil {
		c.idleTimer.Reset(c.idle)
		return
	}
	c.idleTimer = time.AfterFunc(c.idle, c.closeIdle)
}

func (c *IdleConn) closeIdle() {}

// Close stops the idle timer.
func (c *IdleConn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.idleTimer != nil {
		c.idleTimer.Stop()
	}
	return nil
}

// deadlineCtx is built and armed in one place, like context.WithDeadline.
type deadlineCtx struct {
	mu    sync.Mutex
	timer *time.Timer
	done  chan struct{}
}

// NEGATIVE: the object is fresh (captured by the callback, so it lives in a
// heap variable), so arming its timer replaces nothing.
func withDeadline(d time.Duration) *deadlineCtx {
	c := &deadlineCtx{done: make(chan struct{})}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.timer = time.AfterFunc(d, func() { c.cancel() })
	return c
}

func (c *deadlineCtx) cancel() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.timer != nil {
		c.timer.Stop()
	}
}

// Stop cancels the deadline.
func (c *deadlineCtx) Stop() { c.cancel() }
