// Package jobs runs background jobs. The module is at go 1.26, where
// unstopped timers are collected; this package is checked with
// -tickerstop.strict, which asks for every ticker and timer to be stopped
// anyway (hygiene: no timer outlives the call that created it).
package jobs

import (
	"context"
	"errors"
	"time"
)

// Job reports whether it has finished.
type Job interface {
	Done() (bool, error)
}

var errGaveUp = errors.New("jobs: gave up waiting")

// POSITIVE (strict): t is never stopped on any return.
func Await(ctx context.Context, j Job) error {
	t := time.NewTicker(time.Second) // want `ticker "t" from time\.NewTicker is not stopped on every path`
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			done, err := j.Done()
			if err != nil {
				return err
			}
			if done {
				return nil
			}
		}
	}
}

// POSITIVE (strict): the timer is not stopped when ctx wins the race.
func Delay(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d) // want `timer "t" from time\.NewTimer is not stopped on every path`
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// POSITIVE (strict): stopped on success only; giving up returns with t
// still running.
func AwaitN(j Job, attempts int) error {
	t := time.NewTicker(200 * time.Millisecond) // want `ticker "t" from time\.NewTicker is not stopped on every path`
	for i := 0; i < attempts; i++ {
		<-t.C
		if done, _ := j.Done(); done {
			t.Stop()
			return nil
		}
	}
	return errGaveUp
}
