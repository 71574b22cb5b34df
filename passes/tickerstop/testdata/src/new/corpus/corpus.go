// Package corpus holds the smallest shapes of real-module findings that
// were false alarms (see docs/findings.md): all near-misses, silent.
package corpus

import (
	"io"
	"sync"
	"time"
)

// caddy reverseproxy: Cleanup (the teardown) closes the hijacked
// connections now, or arms a timer that closes them later. A teardown runs
// once at the end of the owner's life: the arming replaces nothing.
type Handler struct {
	mu         sync.Mutex
	conns      map[io.Closer]struct{}
	delay      time.Duration
	closeTimer *time.Timer
}

func (h *Handler) closeConns() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.conns {
		c.Close()
	}
	return nil
}

func (h *Handler) cleanupConns() error {
	if h.delay == 0 {
		return h.closeConns()
	}
	h.closeTimer = time.AfterFunc(h.delay, func() { h.closeConns() })
	return nil
}

func (h *Handler) Cleanup() error { return h.cleanupConns() }

func (h *Handler) unregister(c io.Closer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.conns, c)
	if len(h.conns) == 0 && h.closeTimer != nil {
		h.closeTimer.Stop()
		h.closeTimer = nil
	}
}

// yamux: the session's closeStream deletes a stream from the map; every
// caller stops the stream's close timer first or is that timer's callback,
// and incomingStream removes the stream it has just registered, before
// any timer was armed.
type Stream struct {
	id         uint32
	session    *Session
	closeTimer *time.Timer
	timeout    time.Duration
}

type Session struct {
	mu      sync.Mutex
	streams map[uint32]*Stream
	backlog chan *Stream
}

func (s *Session) closeStream(id uint32) {
	s.mu.Lock()
	delete(s.streams, id)
	s.mu.Unlock()
}

func (s *Session) incomingStream(id uint32) {
	st := &Stream{id: id, session: s}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.streams[id] = st
	select {
	case s.backlog <- st:
	default:
		delete(s.streams, id)
	}
}

func (st *Stream) Close() error {
	if st.closeTimer != nil {
		st.closeTimer.Stop()
		st.closeTimer = nil
	}
	if st.timeout > 0 {
		st.closeTimer = time.AfterFunc(st.timeout, st.closeTimeout)
		return nil
	}
	st.session.closeStream(st.id)
	return nil
}

func (st *Stream) closeTimeout() { st.session.closeStream(st.id) }

// natsgo: a method that hands out a "done" channel (creating it, closing
// it when nothing is pending) is not a closing method, and clearPAF
// removes the entry registered just before, whose timer is armed later.
type future struct {
	timeout *time.Timer
}

type Publisher struct {
	mu   sync.Mutex
	pafs map[string]*future
	dch  chan struct{}
	wait time.Duration
}

func (p *Publisher) register(id string, f *future) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pafs[id] = f
	return len(p.pafs)
}

func (p *Publisher) clear(id string) {
	p.mu.Lock()
	delete(p.pafs, id)
	p.mu.Unlock()
}

func (p *Publisher) Publish(id string, max int) {
	f := &future{}
	if p.register(id, f) > max {
		p.clear(id)
		return
	}
	f.timeout = time.AfterFunc(p.wait, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		delete(p.pafs, id)
	})
}

func (p *Publisher) Retry(id string) {
	time.AfterFunc(p.wait, func() { p.Publish(id, 10) })
}

func (p *Publisher) Complete() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.dch == nil {
		p.dch = make(chan struct{})
	}
	d := p.dch
	if len(p.pafs) == 0 {
		close(p.dch)
		p.dch = nil
	}
	return d
}

// yamux Stream.Shrink, net/http persistConn.markReused, nats.go's
// resetPendingAcksOnReconnect: releasing a buffer, setting a flag, or a
// goroutine body that closes a channel is not a closing method; the real
// Close (io.Closer's method) stops the timer even though it also arms it.
type Conn struct {
	mu     sync.Mutex
	buf    []byte
	reused bool
	idle   *time.Timer
	status chan int
	done   chan struct{}
}

func (c *Conn) expire() {}

func NewConn() *Conn {
	c := &Conn{status: make(chan int), done: make(chan struct{})}
	c.idle = time.AfterFunc(time.Minute, c.expire)
	go c.watch()
	return c
}

func (c *Conn) Shrink() {
	c.mu.Lock()
	c.buf = nil
	c.mu.Unlock()
}

func (c *Conn) markReused() { c.reused = true }

func (c *Conn) watch() {
	for range c.status {
	}
	close(c.done)
}

func (c *Conn) Close() error {
	if c.idle != nil {
		c.idle.Stop()
	}
	c.idle = time.AfterFunc(time.Second, c.expire)
	return nil
}
