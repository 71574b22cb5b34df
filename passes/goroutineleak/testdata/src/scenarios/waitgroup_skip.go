package scenarios

import (
	"context"
	"log"
	"sync"
)

// BucketStore lists and copies objects between storage buckets.
type BucketStore interface {
	List(ctx context.Context, bucket string) ([]string, error)
	Copy(ctx context.Context, bucket string, keys []string)
}

// BucketSyncer models a WaitGroup whose Done is skipped when a listing fails,
// so Wait never returns.
type BucketSyncer struct {
	store  BucketStore
	logger *log.Logger
}

func (s *BucketSyncer) SyncAll(ctx context.Context, buckets []string) {
	var wg sync.WaitGroup
	for _, bucket := range buckets {
		wg.Add(1)
		go func() {
			keys, err := s.store.List(ctx, bucket)
			if err != nil {
				s.logger.Printf("list %s: %v", bucket, err)
				return
			}
			s.store.Copy(ctx, bucket, keys)
			wg.Done()
		}()
	}
	wg.Wait() // want "blocks forever when the goroutine returns without calling"
}
