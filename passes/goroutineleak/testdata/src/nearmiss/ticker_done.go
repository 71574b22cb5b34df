package nearmiss

import (
	"net"
	"time"
)

// Heartbeat models a ticker-driven goroutine that exits when its owner closes
// done in Stop.
type Heartbeat struct {
	conn   net.Conn
	ticker *time.Ticker
	done   chan struct{}
}

func NewHeartbeat(conn net.Conn, every time.Duration) *Heartbeat {
	h := &Heartbeat{conn: conn, ticker: time.NewTicker(every), done: make(chan struct{})}
	go h.beat()
	return h
}

func (h *Heartbeat) beat() {
	for {
		select {
		case <-h.done:
			return
		case <-h.ticker.C:
			if _, err := h.conn.Write([]byte("PING\n")); err != nil {
				return
			}
		}
	}
}

func (h *Heartbeat) Stop() {
	h.ticker.Stop()
	close(h.done)
}
