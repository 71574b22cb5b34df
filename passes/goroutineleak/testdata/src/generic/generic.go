// Package generic has the shapes on generic types and functions.
package generic

import (
	"context"
	"sync"
)

// Pool runs handle over jobs with a fixed number of workers.
type Pool[T any] struct {
	workers int
	handle  func(T)
}

// RunAll never closes jobs: every worker blocks in its range when the
// input is done.
func (p *Pool[T]) RunAll(items []T) {
	jobs := make(chan T)
	for i := 0; i < p.workers; i++ {
		go func() {
			for it := range jobs { // want `goroutine blocks forever receiving from "jobs": nothing closes it`
				p.handle(it)
			}
		}()
	}
	for _, it := range items {
		jobs <- it
	}
}

// RunAllClosed closes jobs and waits: silent.
func (p *Pool[T]) RunAllClosed(items []T) {
	jobs := make(chan T)
	var wg sync.WaitGroup
	for i := 0; i < p.workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range jobs {
				p.handle(it)
			}
		}()
	}
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
	wg.Wait()
}

// Race returns the first answer of several sources of a generic type.
type Race[K comparable, V any] struct {
	sources []func(K) V
}

func (r Race[K, V]) Get(ctx context.Context, key K) (V, error) {
	answers := make(chan V)
	for _, src := range r.sources {
		go func() {
			answers <- src(key) // want `goroutine blocks forever sending on "answers" when \(Race\[K, V\]\)\.Get returns`
		}()
	}
	select {
	case v := <-answers:
		return v, nil
	case <-ctx.Done():
		var zero V
		return zero, ctx.Err()
	}
}

// Guarded keeps a value under a mutex of a generic type.
type Guarded[T any] struct {
	mu  sync.Mutex
	val T
	ok  bool
}

func (g *Guarded[T]) Swap(v T, check func(T) error) (T, error) {
	g.mu.Lock() // want `mutex "g\.mu" locked here stays locked`
	if err := check(v); err != nil {
		return v, err
	}
	old := g.val
	g.val = v
	g.mu.Unlock()
	return old, nil
}
