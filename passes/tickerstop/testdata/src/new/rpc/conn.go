package rpc

import (
	"sync"
	"time"
)

// Conn batches writes and flushes them after a quiet period.
type Conn struct {
	mu    sync.Mutex
	buf   [][]byte
	flush *time.Timer
	write func([][]byte) error
}

// NewConn returns a Conn that writes batches with write.
func NewConn(write func([][]byte) error) *Conn {
	return &Conn{write: write}
}

// NEGATIVE: the previous timer is stopped before the field is re-armed.
func (c *Conn) Write(p []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.buf = append(c.buf, p)
	if c.flush != nil {
		c.flush.Stop()
	}
	c.flush = time.AfterFunc(retryDelay, c.doFlush)
}

func (c *Conn) doFlush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.buf) > 0 && c.write(c.buf) == nil {
		c.buf = nil
	}
}

// NEGATIVE: Close stops the AfterFunc timer kept in the field.
func (c *Conn) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.flush != nil {
		c.flush.Stop()
	}
	return nil
}
