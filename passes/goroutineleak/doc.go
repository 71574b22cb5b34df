// Package goroutineleak defines an Analyzer that reports goroutines that
// can never finish.
//
// # Analyzer goroutineleak
//
// goroutineleak: report goroutines blocked forever or looping with no exit
//
// A goroutine that can never finish keeps its stack and everything it
// references alive until the process exits; started from code that runs
// again and again, it becomes a goroutine leak that only grows. The check
// follows each go statement into the goroutine's body (a closure or a
// function of the package, and the helpers it calls) and reports the shapes
// that leak in practice:
//
//   - orphaned sender: the goroutine sends on an unbuffered (or too small)
//     channel made by its spawner, and the spawner has a path to return
//     that receives nothing: a select with a ctx.Done() or timeout case, an
//     early return on an error, the first reply of several replicas, a
//     first error that ends the collecting loop;
//   - abandoned feed: a function returns an unbuffered channel a goroutine
//     of its own sends on (a pipeline stage), and the caller takes only
//     the first value or stops early; reported at the call (the callee's
//     behaviour comes from its summary or, across packages, its fact);
//   - orphaned receiver: the goroutine ranges over a channel that nothing
//     closes, or that the producer can return without closing; receives one
//     value the spawner can return without sending; or waits on ctx.Done()
//     of a context.WithCancel(context.Background()) whose cancel a path of
//     the spawner never calls (nor hands on), whose cancel is kept in an
//     unexported field nothing reads, or whose cancel only closer methods
//     call (Close, and what calls it) while a caller in the package drops
//     the object the constructor returns without calling one;
//   - no exit: the goroutine's loop has no way out (no return, break or exit
//     case; a range over a ticker's channel), and the go statement runs
//     repeatedly: in a method, an exported function, a handler, a loop;
//   - blocked on sync: wg.Wait when a goroutine can return without wg.Done,
//     when wg.Add(len(xs)) counts items a loop can skip without starting
//     their goroutine, or when the Wait sits inside the loop that starts
//     them; select {} in a goroutine started repeatedly; a send or receive
//     on a nil channel; Cond.Wait (in the goroutine or a helper it calls)
//     that nothing, or not the owner's Close, wakes;
//   - lock left held: a Mutex or RWMutex locked on a path that returns
//     without unlocking while another path unlocks (the next Lock blocks
//     forever), also through a field chain (c.inner.mu), a collection of
//     locks (c.shards[i].mu locked in one loop, released in another), or a
//     lock a call hands to its result (Begin returning a *Tx) that a return
//     of the caller keeps;
//   - double lock: a Lock of a mutex the path already holds (a retry that
//     locks again, a continue that skips the Unlock), or a call made with the
//     mutex held of a method that locks it (sync mutexes are not reentrant);
//     for an RWMutex, also a Lock while the path read-locks it (upgrading
//     in place) and an RLock, direct or in a callee, while it write-locks
//     it; a second RLock is not reported, nor a Lock after the path
//     released the read lock (RUnlock; defer RLock; Lock);
//   - self-blocking maker: a function sends on the unbuffered channel it made
//     before any goroutine that could receive from it exists;
//   - field channel: a bare send on a channel held in an unexported field
//     when nothing in the package receives from the field, or only an
//     owner loop that can return (an actor stopped by quit);
//   - stopped owner: the goroutine stops only when a channel field of its
//     owner is closed (or a context field cancelled), the owner has a
//     Close, Stop or Shutdown method, and nothing ever closes that field.
//
// The finding is reported at the operation that blocks (the send, the
// receive, the Wait, the Lock) or, for a goroutine that never stops, at the
// go statement; the related positions show where the goroutine starts and
// the return that abandons it.
//
// WRONG (orphaned sender):
//
//	func fetch(ctx context.Context, url string) (*Page, error) {
//		ch := make(chan *Page)
//		go func() { ch <- get(url) }() // blocks forever after a timeout
//		select {
//		case p := <-ch:
//			return p, nil
//		case <-ctx.Done():
//			return nil, ctx.Err()
//		}
//	}
//
// RIGHT: ch := make(chan *Page, 1), or select on ctx.Done() in the
// goroutine too. For N senders, make(chan T, N).
//
// WRONG (orphaned receiver):
//
//	jobs := make(chan Job)
//	for range workers {
//		go func() {
//			for j := range jobs { // never ends: jobs is never closed
//				run(j)
//			}
//		}()
//	}
//	for _, j := range batch {
//		if err := j.Validate(); err != nil {
//			return err
//		}
//		jobs <- j
//	}
//
// RIGHT: defer close(jobs) right after making it.
//
// WRONG (orphaned receiver, cancel kept by the owner):
//
//	func NewWatcher() *Watcher {
//		w := &Watcher{seen: make(chan int, 1)}
//		var ctx context.Context
//		ctx, w.cancel = context.WithCancel(context.Background())
//		go w.poll(ctx) // waits on ctx.Done(); only Close calls w.cancel
//		return w
//	}
//	func ProbeOnce() int { return <-NewWatcher().seen } // never closes it
//
// RIGHT: w := NewWatcher(); defer w.Close(); return <-w.seen.
//
// WRONG (no exit):
//
//	func NewCache() *Cache {
//		c := &Cache{}
//		go func() {
//			for range time.Tick(time.Minute) { // one more per NewCache
//				c.evict()
//			}
//		}()
//		return c
//	}
//
// RIGHT: give the loop a case on a done channel that Close closes.
//
// WRONG (blocked on sync):
//
//	func (c *Config) Reload(load func() (map[string]string, error)) error {
//		c.mu.Lock()
//		m, err := load()
//		if err != nil {
//			return err // c.mu stays locked: every later Lock blocks
//		}
//		c.values = m
//		c.mu.Unlock()
//		return nil
//	}
//
// RIGHT: c.mu.Lock(); defer c.mu.Unlock(). Likewise defer wg.Done() at
// the top of the goroutine.
//
// WRONG (double lock):
//
//	func (r *Registry) Register(name, addr string) error {
//		r.mu.Lock()
//		defer r.mu.Unlock()
//		if _, dup := r.Lookup(name); dup { // Lookup locks r.mu again
//			return errDup
//		}
//		...
//	}
//
// RIGHT: call an unexported lookupLocked that expects r.mu held.
//
// WRONG (blocked on sync, counted up front):
//
//	wg.Add(len(paths))
//	for _, p := range paths {
//		if !isImage(p) {
//			continue // its Done never comes
//		}
//		go func() { defer wg.Done(); render(p) }()
//	}
//	wg.Wait()
//
// RIGHT: wg.Add(1) next to the go statement.
//
// WRONG (field channel):
//
//	func (q *Quota) Take(n int) bool {
//		q.reqs <- req // the loop that receives returns on q.quit
//		return <-req.reply
//	}
//
// RIGHT: select { case q.reqs <- req: ...; case <-q.quit: return false }.
//
// WRONG (stopped owner):
//
//	func (w *Watcher) Start() { go w.run() } // run returns on <-w.quit
//	func (w *Watcher) Close() error { w.ticker.Stop(); return nil }
//
// RIGHT: close(w.quit) in Close.
//
// Channels are followed from make through local variables, closures, fields
// of a local object (a per-call struct holding the reply channel), calls of
// the package's functions, and, across packages, facts that say which
// channel parameters a function sends on, receives from, drains or closes,
// and whether it returns a channel its goroutine feeds.
// A loop that receives (or sends) is taken to run as often as the loop that
// started the goroutines; only an exit that tests the received value (return
// on the first error) or a select case leaving the loop counts as early.
//
// "Blocks forever" means: on some feasible path of the goroutine and of the
// code it waits for, in the most favourable schedule of the others, nothing
// can complete the operation: no receive is left for a send (and the buffer
// is full), no send or close for a receive, fewer Dones than the Adds for a
// Wait, no Signal or Broadcast for a Cond.Wait, and for a Lock, the same
// lock still held by this path or left held by a return. Paths come from
// the blocking model (internal/blocking): locks are identified by access
// path (two loads of s.mu are one lock), a parameter tested twice goes the
// same way both times, and so do a field of a parameter the function
// never writes (if b.shared { b.mu.Lock() } ... if b.shared { ... }) and
// a local flag set beside the Lock (locked := false; if c { mu.Lock();
// locked = true } ... if locked { mu.Unlock() }), a constant condition (if debug, with const debug =
// false) is decided, a range-over-func body runs as part of its function,
// deferred calls and unlock closures run where they run, and callees in
// the package contribute summaries (acquires, releases, requires the lock
// held on entry and restores it, hands it to the result or to a goroutine
// it starts).
//
// False-positive policy: when the channel (or cancel func) escapes to code
// the check cannot see - stored in a field of a shared object or a global,
// returned, sent, or passed to a function without a fact - someone else may
// serve it, and the check stays silent. So does it for buffered channels
// sized at run time, a channel the goroutine itself sends and receives on
// (a semaphore or token), a value sent before the goroutine starts, a
// context derived from another (it ends with its parent), a Done paired
// with Add(n) in a loop, a lock handed over by setting a flag, handed hand
// over hand along a list, handed to a returned object, to the caller
// through a result (a *sync.Mutex result, or a bool result that says
// whether the lock is held, as TryLock does; a path that hands a lock to a
// result is taken to return a nil error, so the caller's
// if err != nil { return err } keeps nothing) or to a goroutine the
// function starts, a second Lock in a goroutine of a mutex captured from
// its spawner (which may unlock it), a mutex of an object in a variable
// the function reassigns (hand-over-hand locking up a tree), a function
// that unlocks first and relocks before every return (it is called with
// the lock held), goroutines started once
// (from main, init, a sync.Once or a package-level var) or abandoned by
// main's return (the process exits), a send that runs only when the buffer
// has room, a goroutine that closes its own channel before draining it, a
// return after seeing closed a channel the goroutine closes in a defer (it
// has finished), a field channel with a buffer or also used through the
// local it was made in, a consumer goroutine that returns on a sentinel
// value (the received value tested against a constant: the producer
// sends it last), and endless loops in _test.go files. A function whose
// path enumeration exceeds its budget (4000 block visits, and as many
// for each callee's in each calling context) is not judged at all, nor
// are a package's remaining functions once its lock analyses together
// exceed 50000 visits.
//
// # Limitations
//
// Lock-order (AB-BA) deadlocks and cycles across several goroutines and
// locks are out of scope: they need an interleaving analysis, not a leak
// check. The number of loop iterations is not computed, so a buffer of
// constant size filled by a loop is not judged. A goroutine started through
// an interface method, or by a runner that takes a func, is not followed for
// the orphaned-sender shape. Channels stored in fields are judged
// by field, not by object, and only when unexported and unbuffered. A
// callee that releases a lock on some path is taken to release it on all.
// Re-entrant locking is judged only against a lock the function took with
// its own Lock; a lock handed to a result is followed within one package
// and not through generic instantiations. A cancel func kept in a field is
// judged only within its package: a dropped object is one a caller in the
// package only reads fields of; callers in other packages are not
// followed. The Close/Stop/Shutdown method names are the convention the
// stopped-owner shape looks for.
//
// # Categories
//
// Every diagnostic carries one of these categories (Diagnostic.Category,
// SARIF rule properties, golangci-lint's issue text); they are stable.
//
//   - orphaned-sender: a goroutine blocks forever sending: its receiver returned early (timeout, first of N, first error, early break)
//   - orphaned-receiver: a goroutine blocks forever receiving: nobody sends, nobody closes, or the context's cancel is lost
//   - no-exit: a goroutine runs forever (a loop with no way out) and is started from repeated code
//   - stopped-owner: an owner's closing method does not stop the goroutines it started
//   - mutex-left-locked: a return path leaves a mutex locked, so the next Lock blocks forever
//   - mutex-double-lock: a path locks a mutex it already holds, directly or through a call
//   - waitgroup-done-skipped: wg.Wait blocks forever because a goroutine can skip Done
//   - blocked-forever: an operation that can never complete: select {}, a nil channel, Cond.Wait nobody wakes, a send by the maker before any receiver exists
package goroutineleak
