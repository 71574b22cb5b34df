// Package reconnect is a TCP client that retries its first dial in the
// background.
package reconnect

import (
	"log"
	"net"
	"sync"
	"time"
)

// Client is a connection to addr that redials once if the first dial fails.
type Client struct {
	addr  string
	mu    sync.Mutex
	conn  net.Conn
	retry *time.Timer
}

// POSITIVE: the AfterFunc timer is kept in c.retry but Close never stops it:
// the runtime holds the callback (and c) until it fires, and it redials
// after the client was closed.
func Dial(addr string) *Client {
	c := &Client{addr: addr}
	if err := c.connect(); err != nil {
		c.retry = time.AfterFunc(2*time.Second, c.redial) // want `timer "retry" from time\.AfterFunc is stored in a field of \*Client that Close never stops`
	}
	return c
}

func (c *Client) connect() error {
	conn, err := net.DialTimeout("tcp", c.addr, time.Second)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.conn = conn
	c.mu.Unlock()
	return nil
}

func (c *Client) redial() {
	if err := c.connect(); err != nil {
		log.Printf("reconnect: %s: %v", c.addr, err)
	}
}

// Close closes the connection but forgets the pending retry.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn != nil {
		return c.conn.Close()
	}
	return nil
}
