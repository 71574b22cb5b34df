// LEAK: the probe goroutine reports on one of two unbuffered channels; when the deadline
// wins, Check returns and the goroutine blocks forever on whichever send it reaches. Every
// select case has an empty body. Report at the sends.
package leak

import "time"

type Prober struct {
	Ping func() error
}

func (p *Prober) Check(timeout time.Duration) {
	up := make(chan struct{})
	failed := make(chan error)
	go func() {
		if err := p.Ping(); err != nil {
			failed <- err // want `goroutine blocks forever sending on "failed"`
		} else {
			up <- struct{}{} // want `goroutine blocks forever sending on "up"`
		}
	}()
	select {
	case <-up:
	case <-failed:
	case <-time.After(timeout):
	}
}
