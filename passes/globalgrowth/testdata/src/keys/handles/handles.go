// Package handles registers objects it hands out under IDs new on every
// call; the object's own Release removes the entry, so releasing is the
// caller's duty, as with a file.
package handles

import (
	"sync"
	"sync/atomic"
)

var (
	mu      sync.Mutex
	nextRef atomic.Uint64
)

type Allocator struct {
	Ref uint64
	buf []byte
}

// NEGATIVE: keyed by the handle's ID, removed by the handle's Release.
var allocs = map[uint64]*Allocator{}

func NewAllocator(n int) *Allocator {
	ref := nextRef.Add(1)
	a := &Allocator{Ref: ref, buf: make([]byte, n)}
	mu.Lock()
	allocs[ref] = a
	mu.Unlock()
	return a
}

func (a *Allocator) Release() {
	mu.Lock()
	delete(allocs, a.Ref)
	mu.Unlock()
}

type Buffer struct {
	id  uint64
	buf []byte
}

// NEGATIVE: the same, keyed by the field of the object returned.
var buffers sync.Map

func NewBuffer() *Buffer {
	b := &Buffer{id: nextRef.Add(1)}
	buffers.Store(b.id, b)
	return b
}

func (b *Buffer) Close() { buffers.Delete(b.id) }

// POSITIVE: the ID goes out on a channel, not in a handle the caller
// holds; only Forget removes entries and nothing on the sending path calls
// it.
var sent = map[uint64][]byte{} // want `package-level map "sent" grows without bound: Send adds entries and only Forget removes them, which nothing on the request's path calls, keyed by nextRef\.Add\(1\), new on every request or call`

func Send(out chan<- uint64, msg []byte) { // want Send:"grows map keys/handles.sent"
	id := nextRef.Add(1)
	mu.Lock()
	sent[id] = msg
	mu.Unlock()
	out <- id
}

func Forget(id uint64) {
	mu.Lock()
	delete(sent, id)
	mu.Unlock()
}
