package jobs

import (
	"context"
	"time"
)

// NEGATIVE: defer t.Stop() covers every return, even in strict mode.
func AwaitSafe(ctx context.Context, j Job) error {
	t := time.NewTicker(time.Second)
	defer t.Stop()
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

// NEGATIVE: the timer is stopped by defer.
func DelaySafe(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// NEGATIVE: Stop in a deferred closure.
func AwaitQuiet(ctx context.Context, j Job) error {
	t := time.NewTicker(time.Second)
	defer func() {
		t.Stop()
	}()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			if done, _ := j.Done(); done {
				return nil
			}
		}
	}
}
