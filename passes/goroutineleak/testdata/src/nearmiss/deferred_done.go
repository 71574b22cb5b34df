package nearmiss

import (
	"context"
	"log"
	"sync"
)

// Replicator copies keys from one region to another.
type Replicator interface {
	Keys(ctx context.Context, region string) ([]string, error)
	Push(ctx context.Context, region string, keys []string)
}

// RegionSyncer models a WaitGroup whose Done is deferred, so early returns in
// the goroutine still let Wait finish.
type RegionSyncer struct {
	repl   Replicator
	logger *log.Logger
}

func (s *RegionSyncer) SyncRegions(ctx context.Context, regions []string) {
	var wg sync.WaitGroup
	for _, region := range regions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			keys, err := s.repl.Keys(ctx, region)
			if err != nil {
				s.logger.Printf("keys %s: %v", region, err)
				return
			}
			s.repl.Push(ctx, region, keys)
		}()
	}
	wg.Wait()
}
