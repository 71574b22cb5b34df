package scenarios

import "context"

// FirstOf models a generic first-result race over an unbuffered chan T: once
// one source answers or ctx is done, the other sources block on their send.
func FirstOf[T any](ctx context.Context, sources []func() T) T {
	results := make(chan T)
	for _, src := range sources {
		go func() {
			results <- src() // want "goroutine blocks forever sending on \"results\""
		}()
	}
	select {
	case v := <-results:
		return v
	case <-ctx.Done():
		var zero T
		return zero
	}
}
