// Package rpc is a request client that resends failed calls after a delay.
package rpc

import (
	"sync"
	"time"
)

const retryDelay = 500 * time.Millisecond

// Client sends requests and resends pending ones when a send fails.
type Client struct {
	mu      sync.Mutex
	pending map[uint64][]byte
	retry   *time.Timer
	send    func([]byte) error
}

// NewClient returns a Client that sends with send.
func NewClient(send func([]byte) error) *Client {
	return &Client{pending: make(map[uint64][]byte), send: send}
}

// POSITIVE: every failed Call re-arms c.retry without stopping the previous
// timer; Close stops only the last one, the earlier ones still fire.
func (c *Client) Call(id uint64, req []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending[id] = req
	if err := c.send(req); err != nil {
		c.retry = time.AfterFunc(retryDelay, c.resend) // want `timer field "retry" of \*Client is re-armed with time\.AfterFunc without stopping the previous timer`
		return
	}
	delete(c.pending, id)
}

func (c *Client) resend() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, req := range c.pending {
		if c.send(req) == nil {
			delete(c.pending, id)
		}
	}
}

// Close stops the pending retry.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.retry != nil {
		c.retry.Stop()
	}
	return nil
}
