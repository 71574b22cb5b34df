// LEAK (go 1.22 timers): openFeed creates the poll ticker before dialing. On
// success the ticker moves into the returned *feed, whose Close stops it, but
// the error return drops it without Stop: with pre-1.23 timers every failed
// dial leaks a ticker that is never garbage collected.
package main

import (
	"fmt"
	"log"
	"net"
	"os"
	"time"
)

type feed struct {
	conn net.Conn
	poll *time.Ticker
}

func openFeed(addr string, every time.Duration) (*feed, error) {
	t := time.NewTicker(every) // want `ticker "t" from time.NewTicker is handed off on some paths but a return drops it without Stop`
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return nil, fmt.Errorf("feed %s: %w", addr, err)
	}
	return &feed{conn: conn, poll: t}, nil
}

func (f *feed) Close() error {
	f.poll.Stop()
	return f.conn.Close()
}

func main() {
	for {
		for _, addr := range os.Args[1:] {
			f, err := openFeed(addr, time.Second)
			if err != nil {
				log.Print(err)
				continue
			}
			<-f.poll.C
			fmt.Fprintln(f.conn, "PING")
			f.Close()
		}
		time.Sleep(5 * time.Second)
	}
}
