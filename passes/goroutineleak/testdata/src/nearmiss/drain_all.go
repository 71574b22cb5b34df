package nearmiss

import (
	"context"
	"fmt"
)

// IndexTask rebuilds one search index.
type IndexTask interface {
	Index() string
	Rebuild(ctx context.Context) error
}

// Reindexer models error collection that remembers the first failure but keeps
// receiving until every task has reported, so no sender is left behind.
type Reindexer struct {
	cluster string
}

func (r *Reindexer) RebuildAll(ctx context.Context, tasks []IndexTask) error {
	errc := make(chan error)
	for _, task := range tasks {
		go func() {
			if err := task.Rebuild(ctx); err != nil {
				errc <- fmt.Errorf("%s/%s: %w", r.cluster, task.Index(), err)
				return
			}
			errc <- nil
		}()
	}
	var first error
	for range tasks {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}
