// Package extra holds shapes seen in real code: near-misses that must stay
// silent and positives the scenario files do not cover.
package extra

import (
	"context"
	"errors"
	"net"
	"sync"
	"time"
)

// Semaphore: each goroutine acquires by sending and releases by receiving
// on a buffered channel it serves itself.
func CrawlAll(urls []string, fetch func(string)) {
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			fetch(u)
		}()
	}
	wg.Wait()
}

// Semaphore acquired by the spawner, released in the goroutine: the value
// is in the buffer before the goroutine starts.
func CompressAll(files []string, compress func(string)) {
	limit := make(chan bool, 8)
	var wg sync.WaitGroup
	for _, f := range files {
		limit <- true
		wg.Add(1)
		go func() {
			defer func() { <-limit; wg.Done() }()
			compress(f)
		}()
	}
	wg.Wait()
}

// Counting loop: return only once every worker has reported (the test is
// on a counter, not on the value received).
func Coordinate(workers []func() error) error {
	errC := make(chan error)
	for _, w := range workers {
		go func() { errC <- w() }()
	}
	var first error
	active := len(workers)
	for {
		err := <-errC
		if first == nil {
			first = err
		}
		active--
		if active == 0 {
			return first
		}
	}
}

// Deferred drain: the spawner's deferred closure receives what is left.
func AcceptLoop(ln net.Listener, handle func(net.Conn)) error {
	conns := make(chan net.Conn)
	go func() {
		defer close(conns)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns <- c
		}
	}()
	defer func() {
		ln.Close()
		for c := range conns {
			c.Close()
		}
	}()
	for c := range conns {
		if c == nil {
			return errors.New("nil conn")
		}
		handle(c)
	}
	return nil
}

// Counted sends: the spawner receives as many times as it started senders
// in a loop over the same slice.
func Squares(nums []int) (sum int) {
	out := make(chan int)
	for _, n := range nums {
		go func() { out <- n * n }()
	}
	for range nums {
		sum += <-out
	}
	return sum
}

// A drain that ranges until the producer goroutine closes.
func Produce(n int) (got []int) {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := range n {
			out <- i
		}
	}()
	for v := range out {
		got = append(got, v)
	}
	return got
}

// Receivers handed to a callback-style runner: cannot be ordered, silent.
func RunWith(run func(func()), job func() int) int {
	res := make(chan int)
	go func() { res <- job() }()
	var v int
	run(func() { v = <-res })
	return v
}

// Cache shows locking that hands the lock on, or over.
type Cache struct {
	mu      sync.Mutex
	held    bool
	entries map[string]string
	next    *Cache
}

// LockForScan keeps the lock on success and records it in held; Release
// unlocks.
func (c *Cache) LockForScan(check func() error) error {
	c.mu.Lock()
	if err := check(); err != nil {
		c.mu.Unlock()
		return err
	}
	c.held = true
	return nil
}

func (c *Cache) Release() {
	c.held = false
	c.mu.Unlock()
}

// lock returns with the lock held on purpose: no path unlocks it.
func (c *Cache) lock() { c.mu.Lock() }

// Acquire returns the unlock func.
func (c *Cache) Acquire() func() {
	c.mu.Lock()
	return c.mu.Unlock
}

// Walk locks hand over hand along the chain.
func (c *Cache) Walk(visit func(*Cache) bool) {
	cur := c
	cur.mu.Lock()
	for cur.next != nil {
		next := cur.next
		next.mu.Lock()
		cur.mu.Unlock()
		cur = next
		if !visit(cur) {
			break
		}
	}
	cur.mu.Unlock()
}

// Get unlocks through a helper method.
func (c *Cache) Get(k string) (string, bool) {
	c.mu.Lock()
	v, ok := c.entries[k]
	if !ok {
		c.unlockAndLog(k)
		return "", false
	}
	c.mu.Unlock()
	return v, true
}

func (c *Cache) unlockAndLog(string) { c.mu.Unlock() }

// Panicking paths are not returns.
func (c *Cache) MustSet(k, v string) {
	c.mu.Lock()
	if k == "" {
		panic("empty key")
	}
	c.entries[k] = v
	c.mu.Unlock()
}

// Per-iteration Done paired with Add(len).
func Each(items []string, f func(string) error) {
	var wg sync.WaitGroup
	wg.Add(len(items))
	go func() {
		for _, it := range items {
			if err := f(it); err != nil {
				continue
			}
			wg.Done()
		}
	}()
	_ = wg
}

// A context whose cancel is deferred, and one stored for later.
func Watch(ready func() bool) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-ctx.Done()
	}()
	for !ready() {
		time.Sleep(time.Millisecond)
	}
}

// A context derived from a request's: it ends with the request.
func Derived(parent context.Context, fail bool) error {
	ctx, cancel := context.WithCancel(parent)
	go func() { <-ctx.Done() }()
	if fail {
		return errors.New("fail")
	}
	cancel()
	return nil
}
