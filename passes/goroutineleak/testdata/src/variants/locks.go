// Package variants holds, for each reported case class, variants written
// for the class (other names, nesting, helpers, methods, generic types)
// and near-misses.
package variants

import (
	"errors"
	"iter"
	"sync"
	"time"
)

var errEmpty = errors.New("empty")

// same_guard_lock_unlock, generic method, guard a comparison of a
// parameter: an early return between the guarded Lock and Unlock.
type Store[K comparable] struct {
	mu   sync.Mutex
	vals map[K]int
}

func (s *Store[K]) put(k K, v int, mode int) {
	if mode == 1 {
		s.mu.Lock() // want `mutex "s\.mu" locked here stays locked`
	}
	if v < 0 {
		return
	}
	s.vals[k] = v
	if mode == 1 {
		s.mu.Unlock()
	}
}

// Near-miss: the same comparison guards both, nothing in between.
func (s *Store[K]) set(k K, v int, mode int) {
	if mode == 1 {
		s.mu.Lock()
	}
	s.vals[k] = v
	if mode == 1 {
		s.mu.Unlock()
	}
}

// Near-miss: the Lock is remembered in a local flag that the Unlock
// tests (a φ of false and true).
func (s *Store[K]) setFlag(k K, v int, concurrent bool) {
	locked := false
	if concurrent {
		s.mu.Lock()
		locked = true
	}
	s.vals[k] = v
	if locked {
		s.mu.Unlock()
	}
}

// Near-miss: the flag is a copy of the tested condition, negated at the
// Unlock.
func (s *Store[K]) setCopy(k K, v int, concurrent bool) {
	unlocked := true
	if concurrent {
		s.mu.Lock()
		unlocked = false
	}
	s.vals[k] = v
	if !unlocked {
		s.mu.Unlock()
	}
}

// The flag is right, but an early return between leaves the lock held.
func (s *Store[K]) putFlag(k K, v int, concurrent bool) {
	locked := false
	if concurrent {
		s.mu.Lock() // want `mutex "s\.mu" locked here stays locked`
		locked = true
	}
	if v < 0 {
		return
	}
	s.vals[k] = v
	if locked {
		s.mu.Unlock()
	}
}

// Near-miss: a field of the receiver the method never writes guards both.
type Buffer[T any] struct {
	mu     sync.Mutex
	shared bool
	items  []T
}

func (b *Buffer[T]) Append(x T) {
	if b.shared {
		b.mu.Lock()
	}
	b.items = append(b.items, x)
	if b.shared {
		b.mu.Unlock()
	}
}

// The method clears the field between the two tests.
func (b *Buffer[T]) AppendOnce(x T) {
	if b.shared {
		b.mu.Lock() // want `mutex "b\.mu" locked here stays locked`
	}
	b.items = append(b.items, x)
	b.shared = false
	if b.shared {
		b.mu.Unlock()
	}
}

// Near-miss: a constant debug switch, off.
const debugReturn = false

func (s *Store[K]) clear() {
	s.mu.Lock()
	if debugReturn {
		return
	}
	clear(s.vals)
	s.mu.Unlock()
}

// lock_held_on_entry through a callee: waitLocked drops the lock around
// the sleep and takes it again; its callers hold it. Silent.
type Queue struct {
	mu    sync.Mutex
	items []string
}

func (q *Queue) waitLocked(d time.Duration) {
	q.mu.Unlock()
	time.Sleep(d)
	q.mu.Lock()
}

func (q *Queue) retryLocked() error {
	for range 3 {
		if len(q.items) > 0 {
			return nil
		}
		q.waitLocked(time.Millisecond)
	}
	return errEmpty
}

func (q *Queue) Pop() (string, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if err := q.retryLocked(); err != nil {
		return "", err
	}
	it := q.items[0]
	q.items = q.items[1:]
	return it, nil
}

// rangefunc_body_unlock, nested range-over-func loops.
type Tree struct {
	mu    sync.RWMutex
	nodes map[string][]string
}

func (t *Tree) Walk(roots iter.Seq[string], kids func(string) iter.Seq[string]) error {
	t.mu.RLock() // want `mutex "t\.mu" locked here stays locked`
	for r := range roots {
		for k := range kids(r) {
			if k == "" {
				return errEmpty
			}
		}
	}
	t.mu.RUnlock()
	return nil
}

// Near-miss: the inner body unlocks before returning.
func (t *Tree) WalkOK(roots iter.Seq[string], kids func(string) iter.Seq[string]) error {
	t.mu.RLock()
	for r := range roots {
		for k := range kids(r) {
			if k == "" {
				t.mu.RUnlock()
				return errEmpty
			}
		}
	}
	t.mu.RUnlock()
	return nil
}

// lock_handed_to_result with a generic pool: Acquire hands the held lock
// to the Lease; Release unlocks.
type Pool[T any] struct {
	mu   sync.Mutex
	free []T
}

type Lease[T any] struct {
	p   *Pool[T]
	val T
}

func (p *Pool[T]) Acquire() (*Lease[T], error) {
	p.mu.Lock()
	if len(p.free) == 0 {
		p.mu.Unlock()
		return nil, errEmpty
	}
	return &Lease[T]{p: p, val: p.free[0]}, nil
}

func (l *Lease[T]) Release() { l.p.mu.Unlock() }

// Near-miss: the caller defers Release.
func Use[T any](p *Pool[T], f func(T) error) error {
	l, err := p.Acquire()
	if err != nil {
		return err
	}
	defer l.Release()
	return f(l.val)
}

// unlock_via_closure: done is deferred on some paths only.
type Ledger struct {
	mu  sync.Mutex
	sum int
}

func (l *Ledger) Add(v int) error {
	l.mu.Lock() // want `mutex "l\.mu" locked here stays locked`
	done := func() { l.mu.Unlock() }
	if v == 0 {
		return errEmpty
	}
	defer done()
	l.sum += v
	return nil
}

// Near-miss: every path releases through the closure or directly.
func (l *Ledger) Sub(v int) error {
	l.mu.Lock()
	done := func() { l.mu.Unlock() }
	abort := func(err error) error { done(); return err }
	if v == 0 {
		return abort(errEmpty)
	}
	l.sum -= v
	l.mu.Unlock()
	return nil
}

// double_lock: a loop that continues without Unlock.
type Sweeper struct {
	mu   sync.Mutex
	seen map[string]int
}

func (s *Sweeper) Run(keys <-chan string) { // want Run:`drains\(1\)`
	for k := range keys {
		s.mu.Lock() // want `mutex "s\.mu" is locked again while already held`
		if s.seen[k] > 0 {
			continue
		}
		s.seen[k]++
		s.mu.Unlock()
	}
}

// Near-miss: Unlock before continue.
func (s *Sweeper) RunOK(keys <-chan string) { // want RunOK:`drains\(1\)`
	for k := range keys {
		s.mu.Lock()
		if s.seen[k] > 0 {
			s.mu.Unlock()
			continue
		}
		s.seen[k]++
		s.mu.Unlock()
	}
}

// reentrant_lock_callee two calls deep: Rename holds mu and calls check,
// which calls the exported Has, which locks mu.
type Names struct {
	mu  sync.Mutex
	set map[string]bool
}

func (n *Names) Has(s string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.set[s]
}

func (n *Names) check(s string) error {
	if n.Has(s) {
		return errEmpty
	}
	return nil
}

func (n *Names) Rename(from, to string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.check(to); err != nil { // want `calls \(\*Names\)\.check, which locks "n\.mu" again`
		return err
	}
	delete(n.set, from)
	n.set[to] = true
	return nil
}

// Near-miss: the lock is dropped before the check.
func (n *Names) RenameOK(from, to string) error {
	n.mu.Lock()
	delete(n.set, from)
	n.mu.Unlock()
	if err := n.check(to); err != nil {
		return err
	}
	n.mu.Lock()
	n.set[to] = true
	n.mu.Unlock()
	return nil
}

// nested_field_mutex three fields deep.
type meta struct {
	mu   sync.Mutex
	size int
}

type db struct{ meta *meta }

type Table struct{ db *db }

func (t *Table) Grow(n int) error {
	t.db.meta.mu.Lock() // want `mutex "t\.db\.meta\.mu" locked here stays locked`
	if n < 0 {
		return errEmpty
	}
	t.db.meta.size += n
	t.db.meta.mu.Unlock()
	return nil
}

// Near-miss: deferred through the same chain.
func (t *Table) GrowOK(n int) error {
	t.db.meta.mu.Lock()
	defer t.db.meta.mu.Unlock()
	if n < 0 {
		return errEmpty
	}
	t.db.meta.size += n
	return nil
}

// counter_balanced_locks over a range of shard values.
type shard struct {
	mu sync.RWMutex
	n  int
}

type Sharded struct{ shards []*shard }

func (s *Sharded) Total() (int, error) {
	for _, sh := range s.shards {
		sh.mu.RLock() // want `mutex "sh\.mu" locked here stays locked`
	}
	t := 0
	for _, sh := range s.shards {
		if sh.n < 0 {
			return 0, errEmpty
		}
		t += sh.n
	}
	for _, sh := range s.shards {
		sh.mu.RUnlock()
	}
	return t, nil
}

// Near-miss: no return between the loops.
func (s *Sharded) TotalOK() int {
	for _, sh := range s.shards {
		sh.mu.RLock()
	}
	t := 0
	for _, sh := range s.shards {
		t += sh.n
	}
	for _, sh := range s.shards {
		sh.mu.RUnlock()
	}
	return t
}

// Near-misses (std runtime and sync tests): a mutex locked and handed to
// a goroutine that unlocks it is a signal, and the second Lock waits for
// it.
func waitForWorker(work func()) {
	var done sync.Mutex
	done.Lock()
	go func() {
		work()
		done.Unlock()
	}()
	done.Lock()
}

type gate[T any] struct {
	mu  sync.Mutex
	val T
}

func (g *gate[T]) fill(v T) {
	g.mu.Lock()
	go g.release(v)
	g.mu.Lock()
	defer g.mu.Unlock()
}

func (g *gate[T]) release(v T) {
	g.val = v
	g.mu.Unlock()
}

// double_lock across the modes of an RWMutex, in a generic type: a read
// lock taken under the write lock (through a method), and the upgrade of
// a read lock in place.
type Account[T any] struct {
	mu   sync.RWMutex
	bal  int
	tags []T
}

func (a *Account[T]) Balance() int {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.bal
}

func (a *Account[T]) Deposit(n int) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.bal += n
	return a.Balance() // want `\(\*Account\[T\]\)\.Deposit calls \(\*Account\[T\]\)\.Balance, which locks "a\.mu" again`
}

func (a *Account[T]) Init(t T) {
	a.mu.RLock()
	if len(a.tags) == 0 {
		a.mu.Lock() // want `mutex "a\.mu" is locked again while already held on this path, so \(\*Account\[T\]\)\.Init blocks forever; RUnlock it before locking again`
		a.tags = append(a.tags, t)
		a.mu.Unlock()
	}
	a.mu.RUnlock()
}

// Near-miss: the write lock is released before the read lock is taken.
func (a *Account[T]) Add(n int) int {
	a.mu.Lock()
	a.bal += n
	a.mu.Unlock()
	return a.Balance()
}

// Near-miss: a read lock under a read lock.
func (a *Account[T]) Report() int {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.Balance() + len(a.tags)
}

// Near-miss: the read lock is dropped before the write lock is taken and
// taken again after (crypto/tls's initLegacySessionTicketKeyRLocked).
func (a *Account[T]) initRLocked(t T) {
	if len(a.tags) > 0 {
		return
	}
	a.mu.RUnlock()
	defer a.mu.RLock()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.tags = append(a.tags, t)
}

func (a *Account[T]) Tags(t T) []T {
	a.mu.RLock()
	defer a.mu.RUnlock()
	a.initRLocked(t)
	return a.tags
}
