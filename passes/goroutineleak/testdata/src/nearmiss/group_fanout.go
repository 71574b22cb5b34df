package nearmiss

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

// SumAll collects every result after the group finishes: the channel holds
// them all.
func SumAll(parts []func() (int, error)) (int, error) {
	results := make(chan int, len(parts))
	var g errgroup.Group
	for _, p := range parts {
		g.Go(func() error {
			v, err := p()
			if err != nil {
				return err
			}
			results <- v
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return 0, err
	}
	close(results)
	sum := 0
	for v := range results {
		sum += v
	}
	return sum, nil
}

// CountAll receives exactly one value per wg.Go.
func CountAll(parts []func() int) int {
	counts := make(chan int)
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Go(func() { counts <- p() })
	}
	total := 0
	for range parts {
		total += <-counts
	}
	wg.Wait()
	return total
}
