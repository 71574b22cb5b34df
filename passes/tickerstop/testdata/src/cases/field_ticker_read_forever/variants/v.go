// Variants of field_ticker_read_forever: a per-connection field ticker
// read by a select loop with no other case (leak), a Restart whose reader
// closure captures the old field value (leak), and a per-connection loop
// that ends when Close closes its quit channel (near-miss).
package variants

import (
	"net"
	"time"
)

type pinger struct {
	t    *time.Ticker
	conn net.Conn
}

func (p *pinger) loop() {
	for {
		select {
		case <-p.t.C:
			p.conn.Write([]byte{0})
		}
	}
}

type Server struct{ every time.Duration }

func (s *Server) Handle(c net.Conn) {
	p := &pinger{conn: c}
	p.t = time.NewTicker(s.every) // want `ticker "t" stored in a field of \*pinger is never stopped and is read by a goroutine that never exits`
	go p.loop()
}

type Sampler struct {
	t      *time.Ticker
	sample func()
}

func (s *Sampler) Restart(every time.Duration) {
	s.t = time.NewTicker(every) // want `ticker field "t" of \*Sampler is replaced without stopping the previous ticker`
	t := s.t
	go func() {
		for range t.C {
			s.sample()
		}
	}()
}

func (s *Sampler) Stop() { s.t.Stop() }

// Near-miss: each connection's loop ends when Close closes quit.
type keepalive struct {
	t    *time.Ticker
	quit chan struct{}
	conn net.Conn
}

func (k *keepalive) loop() {
	for {
		select {
		case <-k.t.C:
			k.conn.Write([]byte{0})
		case <-k.quit:
			return
		}
	}
}

func (k *keepalive) Close() {
	k.t.Stop()
	close(k.quit)
}

func (s *Server) Keep(c net.Conn) *keepalive {
	k := &keepalive{t: time.NewTicker(s.every), quit: make(chan struct{}), conn: c}
	go k.loop()
	return k
}
