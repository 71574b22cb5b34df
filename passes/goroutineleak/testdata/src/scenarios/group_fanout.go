package scenarios

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

// PriceFeed models fan-out through sync.WaitGroup.Go and errgroup: the
// first answer wins and the other goroutines block on their sends.
type PriceFeed struct {
	exchanges []func(string) float64
}

func (f *PriceFeed) Quote(ctx context.Context, symbol string) (float64, error) {
	prices := make(chan float64)
	var wg sync.WaitGroup
	for _, ex := range f.exchanges {
		wg.Go(func() {
			prices <- ex(symbol) // want "goroutine blocks forever sending on \"prices\""
		})
	}
	select {
	case p := <-prices:
		return p, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func (f *PriceFeed) Verify(ctx context.Context, symbol string) error {
	mismatch := make(chan string)
	var g errgroup.Group
	for _, ex := range f.exchanges {
		g.Go(func() error {
			if ex(symbol) < 0 {
				mismatch <- symbol // want "goroutine blocks forever sending on \"mismatch\""
			}
			return nil
		})
	}
	select {
	case s := <-mismatch:
		return &quoteError{s}
	case <-ctx.Done():
		return ctx.Err()
	}
}

type quoteError struct{ symbol string }

func (e *quoteError) Error() string { return "price mismatch for " + e.symbol }
