package nearmiss

import (
	"io"
	"log"
	"net"
)

// PortForwarder models a per-connection forwarder that returns on the first
// read or write error, so each goroutine ends with its connection.
type PortForwarder struct {
	target string
	logger *log.Logger
}

func (p *PortForwarder) Handle(client net.Conn) {
	go p.pipe(client)
}

func (p *PortForwarder) pipe(client net.Conn) {
	defer client.Close()
	upstream, err := net.Dial("tcp", p.target)
	if err != nil {
		p.logger.Printf("dial %s: %v", p.target, err)
		return
	}
	defer upstream.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := client.Read(buf)
		if err != nil {
			if err != io.EOF {
				p.logger.Printf("read %s: %v", client.RemoteAddr(), err)
			}
			return
		}
		if _, err := upstream.Write(buf[:n]); err != nil {
			return
		}
	}
}
