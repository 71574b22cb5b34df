// Package collector scrapes metrics on a fixed interval.
package collector

import (
	"context"
	"time"
)

// Sample is one scraped metric value.
type Sample struct {
	Name  string
	Value float64
}

// Poller scrapes a target every tick.
type Poller struct {
	ticker *time.Ticker
	fetch  func(ctx context.Context) ([]Sample, error)
	out    chan<- []Sample
}

// POSITIVE: the ticker is stored in a field of Poller and no method of
// Poller ever stops it (there is no Stop/Close at all).
func NewPoller(every time.Duration, fetch func(ctx context.Context) ([]Sample, error), out chan<- []Sample) *Poller {
	return &Poller{
		ticker: time.NewTicker(every), // want `ticker "ticker" stored in a field of \*Poller is never stopped`
		fetch:  fetch,
		out:    out,
	}
}

// Run scrapes until ctx is done, but leaves the ticker running.
func (p *Poller) Run(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-p.ticker.C:
			s, err := p.fetch(ctx)
			if err != nil {
				continue
			}
			p.out <- s
		}
	}
}
