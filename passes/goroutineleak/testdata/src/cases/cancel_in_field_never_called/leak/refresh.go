// LEAK: (1) NewRefresher keeps the cancel of a context.Background() child in
// r.cancel and nothing in the package ever calls it, so each run goroutine
// waits on ctx.Done() forever. (2) Watcher.Close does call w.cancel, but
// ProbeOnce drops its Watcher without Close. Report at each go statement.
package leak

import (
	"context"
	"sync/atomic"
	"time"
)

type Refresher struct {
	cancel context.CancelFunc
	value  atomic.Value
}

func NewRefresher(load func() string) *Refresher {
	r := &Refresher{}
	var ctx context.Context
	ctx, r.cancel = context.WithCancel(context.Background())
	r.value.Store(load())
	go r.run(ctx, load) // want `goroutine waits on ctx\.Done\(\)`
	return r
}

func (r *Refresher) run(ctx context.Context, load func() string) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
			r.value.Store(load())
		}
	}
}

type Watcher struct {
	cancel context.CancelFunc
	seen   chan int
}

func NewWatcher(size func() int) *Watcher {
	w := &Watcher{seen: make(chan int, 1)}
	var ctx context.Context
	ctx, w.cancel = context.WithCancel(context.Background())
	go w.poll(ctx, size) // want `goroutine waits on ctx\.Done\(\)`
	return w
}

func (w *Watcher) poll(ctx context.Context, size func() int) {
	for {
		select {
		case <-ctx.Done():
			return
		case w.seen <- size():
		}
	}
}

func (w *Watcher) Close() { w.cancel() }

func ProbeOnce(size func() int) int { return <-NewWatcher(size).seen }
