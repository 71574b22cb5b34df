// Variants of handoff_only_on_success (go 1.22 timers, a library: unknown
// semantics, reported as old): a timer returned on success and dropped on
// the early return (leak), a ticker stored in the receiver on success only
// (leak), and a deferred conditional stop on the error path (near-miss).
package variants

import (
	"errors"
	"time"
)

type Client struct {
	poll *time.Ticker
}

func dial() error { return errors.New("no") }

func Deadline(d time.Duration) (*time.Timer, error) { // want Deadline:"returnsTimer"
	t := time.NewTimer(d) // want `timer "t" from time.NewTimer is handed off on some paths but a return drops it without Stop`
	if err := dial(); err != nil {
		return nil, err
	}
	return t, nil
}

func (c *Client) Start(every time.Duration) error {
	t := time.NewTicker(every) // want `ticker "t" from time.NewTicker is handed off on some paths but a return drops it without Stop`
	if err := dial(); err != nil {
		return err
	}
	c.poll = t
	return nil
}

func (c *Client) Close() { c.poll.Stop() }

// Near-miss: the error path stops it in a deferred closure.
func (c *Client) Restart(every time.Duration) (err error) {
	t := time.NewTicker(every)
	defer func() {
		if err != nil {
			t.Stop()
		}
	}()
	if err = dial(); err != nil {
		return err
	}
	c.poll.Stop()
	c.poll = t
	return nil
}
