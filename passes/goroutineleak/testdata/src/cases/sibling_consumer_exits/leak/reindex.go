// LEAK: Reindex starts a producer goroutine that sends document IDs on ids
// and a consumer goroutine that indexes them. The consumer returns on the
// first index error or on ctx.Done(), and the producer's bare send then has no
// receiver and blocks forever. Report at the send in the producer (ids <- id).
package leak

import "context"

type Indexer interface {
	Index(ctx context.Context, id int64) error
}

func Reindex(ctx context.Context, all []int64, ix Indexer) error {
	ids := make(chan int64)
	result := make(chan error, 1)

	go func() {
		for _, id := range all {
			ids <- id // want `goroutine blocks forever sending on "ids"`
		}
		close(ids)
	}()

	go func() {
		for id := range ids {
			if ctx.Err() != nil {
				result <- ctx.Err()
				return
			}
			if err := ix.Index(ctx, id); err != nil {
				result <- err
				return
			}
		}
		result <- nil
	}()

	return <-result
}
