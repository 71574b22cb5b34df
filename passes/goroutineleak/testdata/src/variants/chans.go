package variants

import (
	"context"
	"sync"
	"time"
)

// empty_select_cases: a method, ctx.Done() as the other way out, every
// case body empty.
type Resolver struct{ lookup func(string) (string, error) }

func (r *Resolver) Resolve(ctx context.Context, host string) {
	addr := make(chan string)
	errs := make(chan error)
	go func() {
		a, err := r.lookup(host)
		if err != nil {
			errs <- err // want `goroutine blocks forever sending on "errs"`
			return
		}
		addr <- a // want `goroutine blocks forever sending on "addr"`
	}()
	select {
	case <-addr:
	case <-errs:
	case <-ctx.Done():
	}
}

// Near-miss: the same, with one slot each.
func (r *Resolver) ResolveOK(ctx context.Context, host string) {
	addr := make(chan string, 1)
	errs := make(chan error, 1)
	go func() {
		a, err := r.lookup(host)
		if err != nil {
			errs <- err
			return
		}
		addr <- a
	}()
	select {
	case <-addr:
	case <-errs:
	case <-ctx.Done():
	}
}

// maker_blocks_itself: the value is computed by a helper, the consumer
// is a method value started afterwards.
type Sink struct{ out []int }

func (s *Sink) consume(in chan int) { s.out = append(s.out, <-in) }

func Feed(s *Sink, f func() int) {
	in := make(chan int)
	in <- f() // want `Feed blocks forever sending on "in"`
	go s.consume(in)
}

// Near-miss: the consumer starts first.
func FeedOK(s *Sink, f func() int) {
	in := make(chan int)
	go s.consume(in)
	in <- f()
}

// Near-miss: workers started by a range-over-int loop (SSA tests for the
// zero-trip case before the loop, outside it) before the sends.
func PoolRangeInt(batch []int, run func(int)) {
	jobs := make(chan int)
	for range 4 {
		go func() {
			for j := range jobs {
				run(j)
			}
		}()
	}
	for _, j := range batch {
		jobs <- j
	}
	close(jobs)
}

// Near-miss: the same with a worker count from the caller, in a generic
// helper.
func PoolN[T any](n int, batch []T, run func(T)) {
	jobs := make(chan T)
	for i := range n {
		go func() {
			_ = i
			for j := range jobs {
				run(j)
			}
		}()
	}
	for _, j := range batch {
		jobs <- j
	}
	close(jobs)
}

// The first job is sent before the range-over-int loop starts a worker.
func PoolSendFirst(batch []int, run func(int)) {
	jobs := make(chan int)
	jobs <- 0 // want `PoolSendFirst blocks forever sending on "jobs"`
	for range 4 {
		go func() {
			for j := range jobs {
				run(j)
			}
		}()
	}
	for _, j := range batch {
		jobs <- j
	}
	close(jobs)
}

// waitgroup_bulk_add in a generic helper: a filter skips starts.
func ForEach[T any](xs []T, keep func(T) bool, f func(T)) {
	var wg sync.WaitGroup
	wg.Add(len(xs))
	for _, x := range xs {
		if !keep(x) {
			continue
		}
		go func() {
			defer wg.Done()
			f(x)
		}()
	}
	wg.Wait() // want `wg\.Wait blocks forever`
}

// Near-miss: the skipped item is marked done.
func ForEachOK[T any](xs []T, keep func(T) bool, f func(T)) {
	var wg sync.WaitGroup
	wg.Add(len(xs))
	for _, x := range xs {
		if !keep(x) {
			wg.Done()
			continue
		}
		go func() {
			defer wg.Done()
			f(x)
		}()
	}
	wg.Wait()
}

// field_channel_no_receiver in a generic type: nothing receives.
type Bus[T any] struct {
	events chan T
	stop   chan struct{}
}

func NewBus[T any]() *Bus[T] {
	b := &Bus[T]{events: make(chan T), stop: make(chan struct{})}
	go b.idle()
	return b
}

func (b *Bus[T]) idle() {
	<-b.stop
}

func (b *Bus[T]) Publish(v T) { b.events <- v } // want `blocks forever sending on "b\.events"`

func (b *Bus[T]) Close() { close(b.stop) }

// Near-miss: the owner's loop never returns (a process-wide logger
// started once, from init), so a bare send is always taken eventually.
type Log struct {
	lines chan string
	w     func(string)
}

var std = &Log{lines: make(chan string), w: func(string) {}}

func init() { go std.run() }

func (l *Log) run() {
	for {
		l.w(<-l.lines)
	}
}

func (l *Log) Print(s string) { l.lines <- s }

// ticker_range_waitgroup near-miss with a timer-driven helper.
func Poll(ctx context.Context, n int, every time.Duration, f func()) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			t := time.NewTicker(every)
			defer t.Stop()
			for range t.C {
				if ctx.Err() != nil {
					wg.Done()
					return
				}
				f()
			}
		}()
	}
	wg.Wait()
}

// func_value_worker: a generic runner method; the closure sends on an
// unbuffered channel the caller abandons on timeout.
type group[T any] struct{ n int }

func (g *group[T]) spawn(f func()) {
	g.n++
	go f()
}

func First[T any](g *group[T], get func() T, d time.Duration) (T, bool) {
	out := make(chan T)
	g.spawn(func() {
		out <- get() // want `goroutine blocks forever sending on "out"`
	})
	select {
	case v := <-out:
		return v, true
	case <-time.After(d):
		var zero T
		return zero, false
	}
}

// Near-miss: one slot of buffer.
func FirstOK[T any](g *group[T], get func() T, d time.Duration) (T, bool) {
	out := make(chan T, 1)
	g.spawn(func() {
		out <- get()
	})
	select {
	case v := <-out:
		return v, true
	case <-time.After(d):
		var zero T
		return zero, false
	}
}

// cancel_in_field_never_called (a): the cancel lives in a field nothing
// reads.
type Warmer struct{ cancel context.CancelFunc }

func NewWarmer(f func()) *Warmer {
	w := &Warmer{}
	var ctx context.Context
	ctx, w.cancel = context.WithCancel(context.Background())
	go func() { // want `goroutine waits on ctx\.Done\(\) forever: its cancel is kept in field Warmer\.cancel`
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
				f()
			}
		}
	}()
	return w
}

// Near-miss: Stop calls the cancel.
type WarmerOK struct{ cancel context.CancelFunc }

func NewWarmerOK(f func()) *WarmerOK {
	w := &WarmerOK{}
	var ctx context.Context
	ctx, w.cancel = context.WithCancel(context.Background())
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
				f()
			}
		}
	}()
	return w
}

func (w *WarmerOK) Stop() { w.cancel() }

// handshake_before_return near-miss (nats.go's TestPullConsumerFetch):
// the goroutine closes done and returns at once, so a return after
// receiving from done strands nobody on errs.
func Drain(n int, get func() error) error {
	errs := make(chan error)
	done := make(chan struct{})
	go func() {
		for i := 0; ; i++ {
			if i == n {
				close(done)
				return
			}
			if err := get(); err != nil {
				errs <- err
				return
			}
		}
	}()
	select {
	case err := <-errs:
		return err
	case <-done:
	}
	return nil
}

// Near-miss (fasthttp's testReader): the channel stored in the field is
// received through the local it was made in.
type notifier struct{ cb chan struct{} }

func (n *notifier) Read(p []byte) (int, error) {
	n.cb <- struct{}{}
	return len(p), nil
}

func useNotifier() {
	cb := make(chan struct{})
	n := &notifier{cb: cb}
	go n.Read(nil)
	<-cb
}

// Near-miss (x/tools playground/socket): the consumer returns on a
// sentinel value, which the producer sends last.
type frame struct {
	kind string
	body []byte
}

func relayFrames(out func(frame)) {
	ch := make(chan frame)
	go func() {
		ch <- frame{kind: "data"}
		ch <- frame{kind: "data"}
		ch <- frame{kind: "end"}
	}()
	go func() {
		for f := range ch {
			out(f)
			if f.kind == "end" {
				return
			}
		}
	}()
}

// orphaned sender through a send-only field of a task (chan<- T): the
// timeout return leaves the runner blocked.
type task[T any] struct {
	out chan<- T
	f   func() T
}

func runTask[T any](t *task[T]) { t.out <- t.f() } // want `goroutine blocks forever sending on "t\.out" when FirstOf returns on timeout`

func FirstOf[T any](f func() T, zero T) T {
	ch := make(chan T)
	go runTask(&task[T]{out: ch, f: f})
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return zero
	}
}

// Near-miss: the reply channel has room for the one send.
func FirstOfOK[T any](f func() T, zero T) T {
	ch := make(chan T, 1)
	go runTask(&task[T]{out: ch, f: f})
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return zero
	}
}
