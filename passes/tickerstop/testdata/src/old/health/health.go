// Package health probes dependencies until they are healthy.
package health

import (
	"context"
	"errors"
	"time"

	"old/tickers"
)

var errTimeout = errors.New("health: probe timed out")

// Checker probes one dependency.
type Checker struct {
	Name  string
	Probe func(ctx context.Context) error
}

// Event is a status change of a dependency.
type Event struct {
	Name  string
	Err   error
	Stale bool
}

// POSITIVE: the ticker comes from tickers.Fresh in another package (known
// through its fact) and Monitor returns without stopping it.
func (c Checker) Monitor(ctx context.Context, report func(error)) error {
	t := tickers.Fresh(10 * time.Second) // want `ticker "t" from (tickers\.)?Fresh is not stopped on every path`
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			report(c.Probe(ctx))
		}
	}
}

// NEGATIVE: same helper, but the caller defers Stop.
func (c Checker) MonitorN(ctx context.Context, n int, report func(error)) {
	t := tickers.Fresh(10 * time.Second)
	defer t.Stop()
	for i := 0; i < n; i++ {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			report(c.Probe(ctx))
		}
	}
}

// POSITIVE: time.Tick in a function that returns; its ticker can never be
// stopped and outlives WaitHealthy.
func WaitHealthy(ctx context.Context, c Checker) error {
	tick := time.Tick(time.Second) // want `time\.Tick leaks its ticker in a function that returns`
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick:
			if c.Probe(ctx) == nil {
				return nil
			}
		}
	}
}

// POSITIVE: time.After in a loop's select starts a new 30s timer for every
// event; each stays alive until it fires.
func Watch(events <-chan Event, report func(Event)) {
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				return
			}
			report(ev)
		case <-time.After(30 * time.Second): // want `time\.After in a loop starts a timer per iteration`
			report(Event{Stale: true})
		}
	}
}

// NEGATIVE: time.After in a select that is not in a loop: one timer per
// probe, bounded by the timeout.
func ProbeWithTimeout(ctx context.Context, c Checker) error {
	done := make(chan error, 1)
	go func() { done <- c.Probe(ctx) }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		return errTimeout
	}
}

// heartbeat drives the status LED; ResetHeartbeat is called from the admin
// handler whenever the interval changes.
var heartbeat *time.Ticker

// POSITIVE: every call replaces the package-level ticker and the previous
// one keeps ticking for ever under go 1.22.
func ResetHeartbeat(d time.Duration) {
	heartbeat = time.NewTicker(d) // want `ticker from time.NewTicker replaces package-level var "heartbeat" without stopping the previous ticker`
}

// statusTick is set once at start-up and lives as long as the process.
var statusTick *time.Ticker

// NEGATIVE: set once, from init.
func init() { statusTick = time.NewTicker(time.Minute) }

// pulse is replaced on reconfiguration, stopping the old one first.
var pulse *time.Ticker

// NEGATIVE: the previous ticker is stopped before the new one is stored.
func SetPulse(d time.Duration) {
	if pulse != nil {
		pulse.Stop()
	}
	pulse = time.NewTicker(d)
}

// keepalive is yamux's loop: every case other than the timer's leaves
// the loop, so the loop goes round only after the timer fired and at most
// one timer is pending when it ends. Near-miss: silent.
func keepalive(every time.Duration, ping func() error, quit chan struct{}) {
	for {
		select {
		case <-time.After(every):
			if ping() != nil {
				return
			}
		case <-quit:
			return
		}
	}
}
