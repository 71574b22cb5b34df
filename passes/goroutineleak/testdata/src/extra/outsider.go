package extra

import (
	"context"
	"errors"
	"time"
)

func DialPeer(addr string) error {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
			case <-ctx.Done(): // want "blocks forever receiving from \"ctx.Done\\(\\)\""
				return
			}
		}
	}()
	if addr == "" {
		return errors.New("empty")
	}
	cancel()
	return nil
}

type Beacon struct{ quit chan struct{} }

func (s *Beacon) Start() { go s.loop() } // want "keeps running after Close: \\(\\*Beacon\\).loop stops only when s.quit is closed"

func (s *Beacon) loop() {
	t := time.NewTicker(time.Second)
	for {
		select {
		case <-t.C:
		case <-s.quit:
			return
		}
	}
}

func (s *Beacon) Close() error { return nil }

type Agent struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (a *Agent) Start() {
	a.ctx, a.cancel = context.WithCancel(context.Background())
	go a.run() // want "keeps running after Stop"
}

func (a *Agent) run() { <-a.ctx.Done() }

func (a *Agent) Stop() {}

// B's context comes from the caller: it ends with the caller's.
type ChildAgent struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (b *ChildAgent) Start(parent context.Context) {
	b.ctx, b.cancel = context.WithCancel(parent)
	go b.run()
}

func (b *ChildAgent) run() { <-b.ctx.Done() }

func (b *ChildAgent) Stop() {}

type TaskQueue struct {
	items chan int
	done  chan struct{}
}

func (q *TaskQueue) Start(h func(int)) {
	go func() { // want "keeps running after Stop: .* stops only when q.done is closed"
		for {
			select {
			case it := <-q.items:
				h(it)
			case <-q.done:
				return
			}
		}
	}()
}

func (q *TaskQueue) Put(v int) { q.items <- v }

func (q *TaskQueue) Stop() {}

// startJobWorkers starts the workers of RunJobs in a helper.
func startJobWorkers(jobs <-chan int, n int) {
	for range n {
		go func() {
			for j := range jobs { // want `goroutine blocks forever receiving from "jobs": nothing closes it`
				_ = j
			}
		}()
	}
}

func RunJobs(js []int) {
	jobs := make(chan int)
	startJobWorkers(jobs, 4)
	for _, j := range js {
		jobs <- j
	}
}

// Relay stops on an "end" message, not on close: silent.
func Relay(in <-chan string, emit func(string)) { // want Relay:"drains\\(0\\)"
	go func() {
		for m := range in {
			if m == "end" {
				return
			}
			emit(m)
		}
	}()
}

func RelayAll(msgs []string, emit func(string)) {
	ch := make(chan string)
	Relay(ch, emit)
	for _, m := range msgs {
		ch <- m
	}
	ch <- "end"
}

// DB hands its cancel func to the object before starting the goroutine
// that waits on the context: silent.
type DB struct{ stop context.CancelFunc }

func OpenDB(opener func(context.Context)) *DB {
	ctx, cancel := context.WithCancel(context.Background())
	db := &DB{stop: cancel}
	go opener(ctx)
	go func() { <-ctx.Done() }()
	return db
}

func (db *DB) Close() error {
	db.stop()
	return nil
}

// Generate passes the context into a stage; the cancel is deferred: silent.
func Generate(limit int) (out []int) {
	gen := func(ctx context.Context) <-chan int {
		dst := make(chan int)
		go func() {
			for n := 1; ; n++ {
				select {
				case <-ctx.Done():
					return
				case dst <- n:
				}
			}
		}()
		return dst
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for n := range gen(ctx) {
		out = append(out, n)
		if n == limit {
			break
		}
	}
	return out
}
