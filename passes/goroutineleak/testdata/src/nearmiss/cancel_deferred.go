package nearmiss

import (
	"context"
	"fmt"
	"io"
	"net"
	"time"
)

// Dialer models a watchdog goroutine waiting on ctx.Done() whose cancel func
// is deferred, so every return path, including errors, wakes it.
type Dialer struct {
	timeout time.Duration
}

func (d *Dialer) Greet(addr string) (string, error) {
	conn, err := net.DialTimeout("tcp", addr, d.timeout)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-ctx.Done()
		conn.Close()
	}()
	if _, err := io.WriteString(conn, "HELLO\r\n"); err != nil {
		return "", fmt.Errorf("greet %s: %w", addr, err)
	}
	buf := make([]byte, 256)
	n, err := conn.Read(buf)
	if err != nil {
		return "", fmt.Errorf("greet %s: %w", addr, err)
	}
	return string(buf[:n]), nil
}
