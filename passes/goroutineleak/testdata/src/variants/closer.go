package variants

import (
	"context"
	"errors"
	"time"
)

// cancel_in_field_never_called (b): the cancel is called only by a closer
// method, and a caller in the package drops the object without calling it.

// A generic owner, a constructor returning (T, error), Shutdown as the
// closer, the goroutine a method.
type Poller[T any] struct {
	stop  context.CancelFunc
	items chan T
}

func NewPoller[T any](fetch func() T) (*Poller[T], error) {
	if fetch == nil {
		return nil, errors.New("no fetch")
	}
	p := &Poller[T]{items: make(chan T, 1)}
	var ctx context.Context
	ctx, p.stop = context.WithCancel(context.Background())
	go p.loop(ctx, fetch) // want `goroutine waits on ctx\.Done\(\) forever when the \*Poller\[int\] that NewPoller returns is dropped: only Shutdown calls its cancel, and FirstItem drops one`
	return p, nil
}

func (p *Poller[T]) loop(ctx context.Context, fetch func() T) {
	for {
		select {
		case <-ctx.Done():
			return
		case p.items <- fetch():
		}
	}
}

func (p *Poller[T]) Shutdown() { p.stop() }

func FirstItem(fetch func() int) int {
	p, err := NewPoller(fetch)
	if err != nil {
		return 0
	}
	return <-p.items
}

// A closure goroutine, the cancel called through a helper method that
// Close calls.
type Ticker2 struct {
	cancel context.CancelFunc
	beats  chan time.Time
}

func StartTicker2(every time.Duration) *Ticker2 {
	t := &Ticker2{beats: make(chan time.Time)}
	var ctx context.Context
	ctx, t.cancel = context.WithCancel(context.Background())
	go func() { // want `goroutine waits on ctx\.Done\(\) forever when the \*Ticker2 that StartTicker2 returns is dropped: only Close calls its cancel, and WaitBeat drops one`
		tk := time.NewTicker(every)
		defer tk.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-tk.C:
				select {
				case t.beats <- now:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return t
}

func (t *Ticker2) halt()  { t.cancel() }
func (t *Ticker2) Close() { t.halt() }

func WaitBeat() time.Time {
	return <-StartTicker2(time.Second).beats
}

// Near-misses: the caller closes (deferred or not), or hands the object
// on (returns it, stores it): the new holder decides.
type Stream struct {
	cancel context.CancelFunc
	out    chan int
}

func NewStream() *Stream {
	f := &Stream{out: make(chan int)}
	var ctx context.Context
	ctx, f.cancel = context.WithCancel(context.Background())
	go func() {
		for i := 0; ; i++ {
			select {
			case <-ctx.Done():
				return
			case f.out <- i:
			}
		}
	}()
	return f
}

func (f *Stream) Close() { f.cancel() }

func FirstOfStream() int {
	f := NewStream()
	defer f.Close()
	return <-f.out
}

func SecondOfStream() int {
	f := NewStream()
	<-f.out
	v := <-f.out
	f.Close()
	return v
}

func KeepStream() *Stream { return NewStream() }

var streams []*Stream

func RegisterStream() { streams = append(streams, NewStream()) }
