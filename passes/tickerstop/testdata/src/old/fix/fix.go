// Package fix holds the suggested-fix case: the fix inserts "defer t.Stop()"
// right after the statement that creates the ticker.
package fix

import (
	"context"
	"time"
)

// ready reports whether the resource we wait for is available.
var ready = func() bool { return false }

// POSITIVE (with fix): poll returns on cancellation and on success without
// stopping t.
func poll(ctx context.Context) error {
	t := time.NewTicker(time.Second) // want `ticker "t" from time\.NewTicker is not stopped on every path`
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if ready() {
				return nil
			}
		}
	}
}

// NEGATIVE: already stopped; no diagnostic and no fix.
func pollSafe(ctx context.Context) error {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if ready() {
				return nil
			}
		}
	}
}
