package poll

import (
	"context"
	"time"
)

// Cache can be warmed up ahead of traffic.
type Cache interface {
	Warm() error
}

// newTicker returns a fresh ticker; ownership moves to the caller, so the
// helper itself is not reported, its callers are.
func newTicker() *time.Ticker { return time.NewTicker(time.Second) }

// stop stops its parameter: passing a ticker to it counts as a Stop.
func stop(t *time.Ticker) { t.Stop() }

// stopAll stops every ticker it is given.
func stopAll(ts ...*time.Ticker) {
	for _, t := range ts {
		t.Stop()
	}
}

// POSITIVE: the ticker comes from newTicker (a fresh, unstopped ticker) and
// the caller never stops it.
func Heartbeats(ctx context.Context, beat func() error) error {
	t := newTicker() // want `ticker "t" from newTicker is not stopped on every path`
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if err := beat(); err != nil {
				return err
			}
		}
	}
}

// NEGATIVE: the helper returns the ticker and this caller defers Stop.
func HeartbeatsSafe(ctx context.Context, beat func() error) error {
	t := newTicker()
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if err := beat(); err != nil {
				return err
			}
		}
	}
}

// NEGATIVE: stop(t) stops its parameter, and it is called on both returns.
func WarmCaches(caches []Cache) error {
	t := time.NewTicker(50 * time.Millisecond)
	for _, c := range caches {
		<-t.C
		if err := c.Warm(); err != nil {
			stop(t)
			return err
		}
	}
	stop(t)
	return nil
}

// NEGATIVE: both tickers go to the deferred stopAll.
func SampleLoad(ctx context.Context, n int, fast, slow func()) {
	fastT := time.NewTicker(100 * time.Millisecond)
	slowT := time.NewTicker(time.Second)
	defer stopAll(fastT, slowT)
	for i := 0; i < n; {
		select {
		case <-ctx.Done():
			return
		case <-fastT.C:
			fast()
			i++
		case <-slowT.C:
			slow()
		}
	}
}
