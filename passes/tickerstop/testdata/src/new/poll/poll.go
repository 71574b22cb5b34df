// Package poll is a library at go 1.26: unreferenced timers and tickers are
// garbage collected even if never stopped, so none of these is a leak.
package poll

import (
	"context"
	"time"
)

// Node is a cluster member we can ask for the current leader.
type Node interface {
	Leader() string
}

// Event is a change notification.
type Event struct {
	Key   string
	Stale bool
}

// NEGATIVE: t is never stopped, but nothing references it once
// WaitForLeader returns, so it is collected (go1.23+ semantics).
func WaitForLeader(ctx context.Context, n Node) (string, error) {
	t := time.NewTicker(250 * time.Millisecond)
	for {
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-t.C:
			if l := n.Leader(); l != "" {
				return l, nil
			}
		}
	}
}

// NEGATIVE: an unstopped timer in a function that returns is collected too.
func SleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// NEGATIVE: time.Tick in a function that returns; since Go 1.23 its ticker
// is collected once unreferenced.
func WaitHealthy(ctx context.Context, probe func() error) error {
	tick := time.Tick(time.Second)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick:
			if probe() == nil {
				return nil
			}
		}
	}
}

// NEGATIVE: time.After in a loop's select; each iteration's timer becomes
// unreachable when the select ends and is collected.
func Watch(events <-chan Event, report func(Event)) {
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				return
			}
			report(ev)
		case <-time.After(30 * time.Second):
			report(Event{Stale: true})
		}
	}
}
