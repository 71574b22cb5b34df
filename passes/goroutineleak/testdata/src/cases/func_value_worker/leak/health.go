// LEAK: Probe starts its dial through the runner helper (runner.Go(f) does
// go f()); the closure sends the dial result on the unbuffered res, and Probe
// returns on timeout without receiving, so the closure blocks forever.
// Report at the send inside the closure passed to c.runner.Go (res <- ...).
package leak

import (
	"errors"
	"sync/atomic"
	"time"
)

var ErrProbeTimeout = errors.New("health: probe timed out")

type runner struct{ started atomic.Int64 }

// Go runs f on a new goroutine and counts it.
func (r *runner) Go(f func()) {
	r.started.Add(1)
	go f()
}

type Checker struct {
	runner runner
	dial   func(addr string) error
}

func (c *Checker) Probe(addr string, timeout time.Duration) error {
	res := make(chan error)
	c.runner.Go(func() {
		res <- c.dial(addr) // want `goroutine blocks forever sending on "res"`
	})
	select {
	case err := <-res:
		return err
	case <-time.After(timeout):
		return ErrProbeTimeout
	}
}
