// Package worker runs background jobs (confirmation e-mails, stock updates)
// on a fixed-size pool of goroutines.
package worker

import (
	"context"
	"fmt"
	"log"
	"sync"
	"sync/atomic"
	"time"
)

// Job is a unit of background work.
type Job struct {
	ID      uint64
	Kind    string
	Payload []byte
}

// done records the completion time of every finished job, by job ID.
var done sync.Map // LEAK(globalgrowth)

// inflight records the start time of running jobs. OK(n): entries are
// deleted when the job finishes.
var inflight sync.Map

// Pool is a fixed-size worker pool.
type Pool struct {
	size   int
	jobs   chan Job
	nextID atomic.Uint64
	wg     sync.WaitGroup
	cancel context.CancelFunc
}

// NewPool returns a pool with size workers. Call Start to begin processing.
func NewPool(size int) *Pool {
	size = max(size, 1)
	return &Pool{size: size, jobs: make(chan Job, 4*size)}
}

// Start launches the workers. They exit when ctx is cancelled or Stop is
// called.
func (p *Pool) Start(ctx context.Context) {
	ctx, p.cancel = context.WithCancel(ctx)
	for range p.size {
		p.wg.Go(func() { p.worker(ctx) })
	}
}

// Stop cancels the workers and waits for them to exit.
func (p *Pool) Stop() {
	if p.cancel != nil {
		p.cancel()
	}
	p.wg.Wait()
}

// Submit enqueues a job of the given kind and returns its ID.
func (p *Pool) Submit(ctx context.Context, kind string, payload []byte) (uint64, error) {
	job := Job{ID: p.nextID.Add(1), Kind: kind, Payload: payload}
	select {
	case p.jobs <- job:
		return job.ID, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func (p *Pool) worker(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case job := <-p.jobs:
			inflight.Store(job.ID, time.Now())
			if err := run(ctx, job); err != nil {
				log.Printf("worker: job %d (%s): %v", job.ID, job.Kind, err)
			}
			inflight.Delete(job.ID)
			done.Store(job.ID, time.Now())
		}
	}
}

func run(ctx context.Context, job Job) error {
	f, ok := lookup(job.Kind)
	if !ok {
		return fmt.Errorf("no factory registered for kind %q", job.Kind)
	}
	task, err := f(job.Payload)
	if err != nil {
		return fmt.Errorf("build task: %w", err)
	}
	return task.Run(ctx)
}
