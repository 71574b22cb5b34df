package main

import (
	"encoding/binary"
	"net"
	"sync"
	"sync/atomic"
)

// POSITIVE: map field of a package-level struct var. Call registers a reply
// channel per request id; readLoop looks it up but forgets to delete it, so
// every request ever made stays in pending.m. (The make in init is not
// evidence of a bound.)
var pending struct { // want `package-level map "pending.m" grows without bound: .* adds entries and nothing deletes them`
	mu sync.Mutex
	m  map[uint64]chan []byte
}

var nextID atomic.Uint64

func init() {
	pending.m = make(map[uint64]chan []byte)
}

type Client struct{ conn net.Conn }

func (c *Client) Call(req []byte) ([]byte, error) {
	id := nextID.Add(1)
	ch := make(chan []byte, 1)
	pending.mu.Lock()
	pending.m[id] = ch
	pending.mu.Unlock()

	hdr := make([]byte, 8)
	binary.BigEndian.PutUint64(hdr, id)
	if _, err := c.conn.Write(append(hdr, req...)); err != nil {
		return nil, err
	}
	return <-ch, nil
}

func (c *Client) readLoop() {
	buf := make([]byte, 64<<10)
	for {
		n, err := c.conn.Read(buf)
		if err != nil || n < 8 {
			return
		}
		id := binary.BigEndian.Uint64(buf[:8])
		pending.mu.Lock()
		ch := pending.m[id]
		pending.mu.Unlock()
		if ch != nil {
			ch <- append([]byte(nil), buf[8:n]...)
		}
	}
}
