package blocking

import (
	"strings"
	"testing"
)

// A mutex locked here and unlocked by a goroutine started here is a
// signal: the second Lock waits for the goroutine, it does not deadlock.
const handoffSrc = `package p

import "sync"

func work() {}

// the goroutine unlocks: silent
func semaphore() {
	var m sync.Mutex
	m.Lock()
	go func() {
		work()
		m.Unlock()
	}()
	m.Lock()
}

// a loop of them: silent
func rounds(n int) {
	var m sync.Mutex
	for i := 0; i < n; i++ {
		m.Lock()
		go func() { m.Unlock() }()
	}
	m.Lock()
}

// the goroutine unlocks another mutex: still a double lock
func other() {
	var m, o sync.Mutex
	m.Lock()
	o.Lock()
	go func() { o.Unlock() }()
	m.Lock()
}
`

func TestLockHandedToGoroutine(t *testing.T) {
	got := strings.Join(findings(t, handoffSrc), "\n")
	if got != "other: double 34" {
		t.Errorf("got:\n%s\nwant:\nother: double 34", got)
	}
}

// A variable reassigned in a loop (hand-over-hand locking up a tree, a
// recursive structure) names many objects: no finding from it.
const handOverHandSrc = `package p

import "sync"

type node struct {
	mu     sync.Mutex
	parent *node
	r      *node
	n      int
}

// up locks each parent before unlocking the child: silent
func up(x *node) {
	n := x
	n.mu.Lock()
	for n.parent != nil && n.n == 0 {
		p := n.parent
		p.mu.Lock()
		n.mu.Unlock()
		n = p
	}
	n.mu.Unlock()
}

// walk holds one node's lock while calling itself on the next: silent
func (x *node) walk() int {
	y := x
	total := 0
	for y.r != nil {
		y.r.mu.Lock()
		total += y.r.walk()
		y.r.mu.Unlock()
		y = y.r
	}
	return total
}

// the same node twice: a double lock
func twice(x *node) {
	x.mu.Lock()
	if x.n > 0 {
		x.mu.Lock()
	}
	x.mu.Unlock()
}
`

func TestReassignedObject(t *testing.T) {
	got := strings.Join(findings(t, handOverHandSrc), "\n")
	if got != "twice: double 42" {
		t.Errorf("got:\n%s\nwant:\ntwice: double 42", got)
	}
}

// A boolean result that says whether the lock is held (TryLock's shape)
// hands the lock to the caller.
const trySrc = `package p

import "sync"

type rw struct {
	w     sync.Mutex
	count int
}

// the result says: silent
func (r *rw) tryLock() bool {
	if !r.w.TryLock() {
		return false
	}
	if r.count != 0 {
		r.w.Unlock()
		return false
	}
	return true
}

// the result says nothing about the lock: reported
func (r *rw) busy() bool {
	r.w.Lock()
	if r.count != 0 {
		return true
	}
	r.w.Unlock()
	return true
}
`

func TestResultSignalsLock(t *testing.T) {
	got := strings.Join(findings(t, trySrc), "\n")
	if got != "busy: leftheld 24 ret 26" {
		t.Errorf("got:\n%s\nwant:\nbusy: leftheld 24 ret 26", got)
	}
}
