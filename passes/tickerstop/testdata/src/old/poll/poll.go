// Package poll is a library at go 1.22: its consumer decides the timer
// semantics, so unstopped tickers are reported as under the old ones
// (before Go 1.23 a Ticker or Timer that is never stopped is never
// garbage collected).
package poll

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Node is a cluster member we can ask for the current leader.
type Node interface {
	Leader() string
}

// Store is a source or destination of items.
type Store interface {
	List(ctx context.Context) ([]string, error)
	Put(item string) error
}

var errNoLeader = errors.New("poll: no leader elected")

// POSITIVE: t is never stopped; both returns leave the ticker running for
// ever under the old semantics.
func WaitForLeader(ctx context.Context, n Node) (string, error) {
	t := time.NewTicker(250 * time.Millisecond) // want `ticker "t" from time\.NewTicker is not stopped on every path`
	for {
		select {
		case <-ctx.Done():
			return "", errors.Join(errNoLeader, ctx.Err())
		case <-t.C:
			if l := n.Leader(); l != "" {
				return l, nil
			}
		}
	}
}

// POSITIVE: t is stopped on the success path, but the early "return err"
// after a failed List skips the Stop.
func Mirror(ctx context.Context, src, dst Store) error {
	t := time.NewTicker(20 * time.Millisecond) // want `ticker "t" from time\.NewTicker is not stopped on every path`
	items, err := src.List(ctx)
	if err != nil {
		return err
	}
	for _, it := range items {
		<-t.C // pace the writes
		if err := dst.Put(it); err != nil {
			t.Stop()
			return err
		}
	}
	t.Stop()
	return nil
}

// POSITIVE: t is stopped only inside the if (the healthy case); running out
// of attempts returns with the ticker still running.
func RetryUntilHealthy(check func() error, attempts int) error {
	t := time.NewTicker(500 * time.Millisecond) // want `ticker "t" from time\.NewTicker is not stopped on every path`
	var err error
	for i := 0; i < attempts; i++ {
		<-t.C
		if err = check(); err == nil {
			t.Stop()
			return nil
		}
	}
	return fmt.Errorf("poll: unhealthy after %d attempts: %w", attempts, err)
}

// POSITIVE: the timer is never stopped; when ctx is cancelled first it stays
// in the runtime's timer heap until it fires.
func SleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d) // want `timer "t" from time\.NewTimer is not stopped on every path`
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// NEGATIVE: defer t.Stop() covers every return.
func WaitForLeaderSafe(ctx context.Context, n Node) (string, error) {
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
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

// NEGATIVE: Stop in a deferred closure still runs on every return.
func SleepCtxSafe(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer func() {
		t.Stop()
	}()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// NEGATIVE: every branch that returns stops t first.
func MirrorSafe(ctx context.Context, src, dst Store) error {
	items, err := src.List(ctx)
	if err != nil {
		return err
	}
	t := time.NewTicker(20 * time.Millisecond)
	for _, it := range items {
		<-t.C
		if err := dst.Put(it); err != nil {
			t.Stop()
			return err
		}
	}
	t.Stop()
	return nil
}

// NEGATIVE: one timer reused with Reset for every event (Reset is reuse, not
// a new timer) and stopped by defer.
func Debounce(events <-chan string, quiet time.Duration, flush func([]string)) {
	t := time.NewTimer(quiet)
	defer t.Stop()
	var batch []string
	for {
		select {
		case ev, ok := <-events:
			if !ok {
				flush(batch)
				return
			}
			batch = append(batch, ev)
			t.Reset(quiet)
		case <-t.C:
			if len(batch) > 0 {
				flush(batch)
				batch = nil
			}
		}
	}
}
