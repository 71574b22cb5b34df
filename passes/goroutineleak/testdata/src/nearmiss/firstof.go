package nearmiss

import "context"

// FirstOf models the generic first-result race done right: the chan T has one
// slot per source, so losing sources complete their send and exit.
func FirstOf[T any](ctx context.Context, sources []func() T) T {
	results := make(chan T, len(sources))
	for _, src := range sources {
		go func() {
			results <- src()
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
