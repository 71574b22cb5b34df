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
//     the spawner never calls (nor hands on);
//   - no exit: the goroutine's loop has no way out (no return, break or exit
//     case; a range over a ticker's channel), and the go statement runs
//     repeatedly: in a method, an exported function, a handler, a loop;
//   - blocked on sync: wg.Wait when a goroutine can return without wg.Done;
//     a Mutex locked on a path that returns without unlocking while another
//     path unlocks (the next Lock blocks forever); select {} in a goroutine
//     started repeatedly; a send or receive on a nil channel; Cond.Wait that
//     nothing (or not the owner's Close) wakes;
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
// False-positive policy: when the channel (or cancel func) escapes to code
// the check cannot see - stored in a field of a shared object or a global,
// returned, sent, or passed to a function without a fact - someone else may
// serve it, and the check stays silent. So does it for buffered channels
// sized at run time, a channel the goroutine itself sends and receives on
// (a semaphore or token), a value sent before the goroutine starts, a
// context derived from another (it ends with its parent), a Done paired
// with Add(n) in a loop, a lock handed over by setting a flag or handed
// hand over hand along a list, goroutines started once (from main, init, a
// sync.Once or a package-level var), and endless loops in _test.go files.
//
// # Limitations
//
// Lock-order (AB-BA) deadlocks and cycles across several goroutines and
// locks are out of scope: they need an interleaving analysis, not a leak
// check. The number of loop iterations is not computed, so a buffer of
// constant size filled by a loop is not judged. A goroutine started through
// an interface method or a func value is not followed. Channels stored in
// fields of long-lived objects are only followed for the stopped-owner
// shape, by field, not by object. The Close/Stop/Shutdown method names are
// the convention the owner shapes look for.
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
//   - waitgroup-done-skipped: wg.Wait blocks forever because a goroutine can skip Done
//   - blocked-forever: an operation that can never complete: select {}, a nil channel, Cond.Wait nobody wakes
package goroutineleak
