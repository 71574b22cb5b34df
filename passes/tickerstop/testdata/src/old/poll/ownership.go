package poll

import (
	"fmt"
	"io"
	"time"
)

// Dispatcher owns tickers handed to it by a goroutine this package does not
// show.
type Dispatcher struct {
	adopt chan *time.Ticker
}

// NEGATIVE: the ticker is sent on a channel; ownership moved to a receiver
// we cannot see, so the check stays silent.
func (d *Dispatcher) Every(interval time.Duration) {
	t := time.NewTicker(interval)
	d.adopt <- t
}

// Owner takes over a ticker; the implementation is unknown here.
type Owner interface {
	Adopt(t *time.Ticker)
}

// NEGATIVE: the ticker is passed to an interface method with an unknown
// receiver; ownership moved somewhere unknown.
func HandOff(o Owner, interval time.Duration) {
	t := time.NewTicker(interval)
	o.Adopt(t)
}

// NEGATIVE: keepAlive never returns (the loop has no exit), so the ticker is
// meant to live as long as the daemon goroutine that runs it; there is no
// return path on which it could be left behind.
func keepAlive(w io.Writer, logs <-chan string) {
	t := time.NewTicker(5 * time.Second)
	for {
		select {
		case <-t.C:
			fmt.Fprintln(w, "ping")
		case line := <-logs:
			fmt.Fprintln(w, line)
		}
	}
}
