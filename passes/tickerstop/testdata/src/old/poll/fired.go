package poll

import (
	"errors"
	"time"
)

var errTimeout = errors.New("timeout")

// readWait is yamux's Stream.Read wait: the timer is stopped on the paths
// where it has not fired; the path where it fired returns, and a fired
// timer needs no Stop. Near-miss: silent.
func readWait(deadline time.Time, notify, shutdown chan struct{}) error {
	var timeout <-chan time.Time
	var timer *time.Timer
	if !deadline.IsZero() {
		timer = time.NewTimer(time.Until(deadline))
		timeout = timer.C
	}
	select {
	case <-shutdown:
	case <-notify:
	case <-timeout:
		return errTimeout
	}
	if timer != nil {
		if !timer.Stop() {
			<-timeout
		}
	}
	return nil
}

// waitOnce returns on another channel with the timer pending: reported.
func waitOnce(d time.Duration, done chan struct{}) error {
	timer := time.NewTimer(d) // want `timer "timer" from time.NewTimer is not stopped on every path`
	select {
	case <-timer.C:
		return errTimeout
	case <-done:
		return nil
	}
}
