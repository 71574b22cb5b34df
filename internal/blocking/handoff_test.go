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

// TestLockKinds runs each source above: only the want line is a finding.
func TestLockKinds(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"handed to a goroutine", handoffSrc, "other: double 34"},
		{"reassigned object", handOverHandSrc, "twice: double 42"},
		{"result signals the lock", trySrc, "busy: leftheld 24 ret 26"},
		{"mutex returned through a φ", returnedMutexSrc, "doBad: leftheld 60 ret 65"},
		{"shared with the spawner", sharedSrc, "called$1: double 23"},
	} {
		if got := strings.Join(findings(t, tc.src), "\n"); got != tc.want {
			t.Errorf("%s: got:\n%s\nwant:\n%s", tc.name, got, tc.want)
		}
	}
}

// A mutex returned through a result that is nil on the other paths
// (kafka-go's waitResponse) is handed to the caller.
const returnedMutexSrc = `package p

import "sync"

type conn struct {
	rlock sync.Mutex
	id    int
}

// the caller unlocks the returned mutex: silent
func (c *conn) wait(id int) (lock *sync.Mutex, err error) {
	for {
		c.rlock.Lock()
		if c.id == id {
			lock = &c.rlock
			break
		}
		if c.id < 0 {
			c.rlock.Unlock()
			break
		}
		c.rlock.Unlock()
	}
	return
}

// the error return of wait released the lock: silent
func (c *conn) do(id int, read func() error) error {
	lock, err := c.wait2(id)
	if err != nil {
		return err
	}
	defer lock.Unlock()
	return read()
}

// wait2 fails with the lock released, or hands it over with a nil error
// (its result err is a φ the check cannot decide on its own).
func (c *conn) wait2(id int) (lock *sync.Mutex, err error) {
	for {
		c.rlock.Lock()
		err = c.peek()
		if err != nil {
			c.rlock.Unlock()
			break
		}
		if c.id == id {
			lock = &c.rlock
			break
		}
		c.rlock.Unlock()
	}
	return
}

func (c *conn) peek() error { return nil }

// a later error return keeps the lock wait2 handed over
func (c *conn) doBad(id int, check func() error) error {
	lock, err := c.wait2(id)
	if err != nil {
		return err
	}
	if err := check(); err != nil {
		return err
	}
	lock.Unlock()
	return nil
}
`

// A goroutine locking twice a mutex it shares with its spawner, which
// unlocks it, waits for the spawner (runtime/pprof's blockMutexDeep).
const sharedSrc = `package p

import "sync"

func await() {}

// the spawner unlocks: silent
func blocked() {
	var mu sync.Mutex
	go func() {
		mu.Lock()
		mu.Lock()
	}()
	await()
	mu.Unlock()
}

// not a goroutine: a double lock
func called() {
	var mu sync.Mutex
	f := func() {
		mu.Lock()
		mu.Lock()
	}
	f()
}
`
