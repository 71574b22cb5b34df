package scenarios

import (
	"log"
	"net"
)

// TCPRelay models a per-connection forwarder started for every accepted
// connection whose read loop retries on errors instead of returning.
type TCPRelay struct {
	upstream net.Conn
	logger   *log.Logger
}

func (p *TCPRelay) Attach(client net.Conn) {
	p.logger.Printf("relaying %s -> %s", client.RemoteAddr(), p.upstream.RemoteAddr())
	go p.forward(client) // want "goroutine runs forever"
}

func (p *TCPRelay) forward(client net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := client.Read(buf)
		if err != nil {
			p.logger.Printf("read %s: %v", client.RemoteAddr(), err)
			continue
		}
		if _, err := p.upstream.Write(buf[:n]); err != nil {
			p.logger.Printf("write upstream: %v", err)
		}
	}
}
