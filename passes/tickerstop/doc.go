// Package tickerstop defines an Analyzer that reports timers and tickers
// that are never stopped.
//
// # Analyzer tickerstop
//
// tickerstop: report tickers and timers that are never stopped, by Go version
//
// Before Go 1.23 a time.Ticker or time.Timer that is never stopped is never
// garbage collected: the runtime keeps it for the life of the process. Go
// 1.23 changed that: an unreferenced timer is collected even if it was never
// stopped. The check asks which semantics a package runs with and reports
// only what leaks there:
//
//   - old: a package whose go line is below 1.23 (a main package), or a main
//     package with //go:debug asynctimerchan=1 (or default=go1.22), or whose
//     go.mod godebug block says so (read only when the driver provides the
//     module);
//   - unknown: a library below go 1.23, whose consumer's go line decides;
//     reported as old, and the message says so;
//   - new: go 1.23 and later.
//
// # Rules under old (and unknown) semantics
//
// A time.NewTicker or time.NewTimer (or a helper that returns a fresh one)
// not stopped on every path to return (category unstopped-ticker,
// unstopped-timer). Hand-off is path sensitive: a ticker returned, stored
// in an object, sent or kept by a callee on some paths and dropped on
// another (the error return of a constructor that made it before a step
// that can fail) is reported at its creation, with the return that drops
// it as Related. A path on which a timer has fired (a receive from its C,
// a select case on it) needs no Stop, and the branch on which a variable
// holding the fresh timer is nil is not taken.
//
// time.Tick in a function that returns (tick-in-returning-func); time.After
// feeding a select inside a loop that another case (or a default) can go
// round again, so timers pile up (after-in-loop); a ticker stored in a
// struct field that no method of the type stops (unstopped-field-ticker);
// a field ticker replaced without stopping the previous one
// (replaced-ticker); a package-level ticker var replaced by code running
// repeatedly (replaced-global-ticker).
//
// WRONG (go 1.22):
//
//	func poll(ctx context.Context) error {
//		t := time.NewTicker(time.Second)
//		for {
//			select {
//			case <-ctx.Done():
//				return ctx.Err() // t keeps ticking for ever
//			case <-t.C:
//				check()
//			}
//		}
//	}
//
//	func openFeed(addr string) (*feed, error) {
//		t := time.NewTicker(time.Second)
//		conn, err := net.Dial("tcp", addr)
//		if err != nil {
//			return nil, err // t is dropped unstopped
//		}
//		return &feed{conn: conn, poll: t}, nil
//	}
//
// RIGHT: defer t.Stop() after the creation, or t.Stop() on the error
// return. The suggested fix for a local ticker or timer inserts
// defer t.Stop() after the statement that creates it.
//
// # Rules under new semantics
//
// Only what stays reachable leaks: a ticker read by a goroutine that
// outlives the call that made it. Whether a goroutine outlives its call is
// the suite's goroutine-lifetime query (internal/golife, blocking model
// §6), which classifies each exit of the goroutine by the signal it waits
// for: never (a channel nothing closes or sends to, ctx.Done() of a
// context rooted at context.Background() whose cancel is never called, a
// ticker's channel), owner lifetime (a field of the owner that only its
// shutdown path closes), or per call. Category unstopped-ticker-reader:
//
//   - a ticker never stopped by its maker, read by a goroutine whose exits
//     never fire, started from code that runs repeatedly;
//   - a per-request ticker (the spawner takes an *http.Request) read by a
//     goroutine that exits only when the owner shuts down: every request
//     leaves one more until then;
//   - a ticker in a struct field that nothing stops, read by a goroutine
//     that never exits, started repeatedly (one per connection).
//
// And: a field ticker replaced (by code that runs repeatedly, not a first
// arming, with no stop first) while the goroutine reading the previous one
// never exits (replaced-ticker); a ticker (NewTicker or time.Tick) made by
// a goroutine that never exits, started repeatedly
// (ticker-in-endless-goroutine).
//
// WRONG (any version):
//
//	func (s *Server) Upload(w http.ResponseWriter, r *http.Request) {
//		t := time.NewTicker(10 * time.Second)
//		go func() {
//			defer t.Stop()
//			for {
//				select {
//				case <-t.C:
//					s.refresh()
//				case <-s.quit: // closed only by Shutdown
//					return
//				}
//			}
//		}()
//		...
//	}
//
// RIGHT: end the goroutine with the request (select on r.Context().Done(),
// or close a done channel the handler defers), and stop the ticker there.
//
// # Rules in every version: time.AfterFunc and context.AfterFunc
//
// The runtime keeps a pending AfterFunc callback (and all it captures)
// until it fires or is stopped, in every Go version:
//
//   - afterfunc-not-stopped: an AfterFunc timer stored in a field of a type
//     whose closing methods never stop it. A closing method is found by
//     what it does: a method declared on the type (not promoted from an
//     embedded field), taking nothing and returning nothing or an error,
//     that closes a channel field, stops a timer field, calls a cancel func
//     field or calls Close on a field, and that arms, starts or makes
//     nothing itself; and, by io.Closer's contract,
//     the method Close() error. A goroutine body is not a closing method.
//   - afterfunc-rearmed: a store of a fresh AfterFunc into a field that may
//     still hold a pending timer: some code stops that field (so it matters),
//     or nothing in the package stops it and the store runs repeatedly. Not
//     a re-arm (silent): the field belongs to an object allocated in the
//     same function (also a nested struct, or an object reached by
//     reloading a field just set to a fresh allocation); the store is
//     guarded by a nil check of the field; a stop of the field (directly,
//     in a helper such as x.clear(), or through a **time.Timer helper
//     stop(&x.t)) can run before it; it runs in the field's own AfterFunc
//     callback (its timer has fired); it is guarded by a state field
//     (if b.state == open { return }; b.state = open) and every function
//     that moves the state back stops the timer; it runs on a teardown path
//     that closes resources through io.Closer's Close (a delayed close); or the storing
//     function is a helper whose every call site is safe by these rules (a
//     constructor calling it on the object it just allocated, a caller that
//     stops the field first, sync.Once.Do). An unsafe call site is where
//     the leak is: it is reported as Related.
//   - afterfunc-dropped: an AfterFunc whose *Timer is dropped in a method of
//     a type with a closing method, which then cannot stop it; the fix names
//     the closing method for a method, or the end of the work for a
//     per-call closure. Fire-and-forget callbacks that are themselves
//     cleanup (they delete, close or cancel something) and capture no
//     slice, array, map or string are silent, and so are placeholders,
//     time.AfterFunc(0, func() {}), which fire at once and capture nothing.
//   - afterfunc-entry-removed: delete or clear on a map or slice whose
//     elements keep an AfterFunc timer in a field (directly or as an
//     interface such as an embedded interface{ Stop() bool }), in a function
//     that does not stop that field and is not the timer's callback. A
//     removal helper is judged by its callers (they stop the field first,
//     or are the callback); removing the entry registered just before, whose
//     timer is not armed yet, is silent.
//   - context-afterfunc-dropped: context.AfterFunc(ctx, f) whose stop func
//     is dropped, in code that runs repeatedly, on a context that outlives
//     the call (the owner's context field, or one that never ends, followed
//     to the callers): every run leaves one more registered callback.
//
// WRONG:
//
//	func (d *Draft) Edit(text string) {
//		d.save = time.AfterFunc(3*time.Second, func() { d.store(text) })
//	}
//
// RIGHT:
//
//	if d.save != nil {
//		d.save.Stop()
//	}
//	d.save = time.AfterFunc(3*time.Second, func() { d.store(text) })
//
// With -tickerstop.strict, every ticker or timer not stopped on every path
// is reported, whatever the version.
//
// Stop analysis follows the value through defers, closures (defer func() {
// t.Stop() }()), helpers that stop their parameter (also a **time.Timer;
// facts across packages), stops in helper methods of a field (for tickers
// too), and Reset (reuse, not a leak). A function that never returns keeps
// its ticker for as long as it runs, which is intended.
//
// # False-positive policy
//
// When a ticker is returned, stored in a global, sent on a channel, put in
// a slice or map, or passed to code that keeps it, ownership moves and the
// check stays silent about that path (a returned ticker is followed to the
// caller through a fact). Exits the goroutine-lifetime query cannot see
// (an escaped channel, an exported function's context parameter, an
// unknown call) count as firing per call, so an unknown exit never makes a
// goroutine look immortal. A goroutine started once (from main, init, a
// daemon) lives as long as the process on purpose. Replacements are
// reported only when a pending timer can be shown.
//
// # Limitations
//
// A ticker stored once in a package-level variable is not reported (it
// lives as long as the process on purpose). A method that runs once per
// object but is not recognisably a constructor, a teardown or a
// sync.Once body (testing's (*M).startAlarm) is taken to run per event. An
// object re-submitted to its arming function after its timer was stopped
// elsewhere (nats.go's publish retry, which stops the ack timer in the
// reply handler and re-enters PublishMsgAsync with the same future) is
// taken for a re-arm. A reconnect path that closes a resource and arms a
// retry timer is taken for a teardown. Owner-lifetime exits are reported
// only for spawners that take an *http.Request. The go.mod godebug block is
// only read when the driver reports the module (go vet and the standalone
// driver do; nogo does not).
//
// # Categories
//
// Every diagnostic carries one of these categories (Diagnostic.Category,
// SARIF rule properties, golangci-lint's issue text); they are stable.
//
//   - unstopped-ticker, unstopped-timer: a ticker or timer from time.NewTicker/NewTimer (or a function whose fact says it returns one) not stopped on every path, or dropped on a path where it is not handed off (old semantics or -strict)
//   - unstopped-ticker-reader: a never-stopped ticker read by a goroutine that outlives the call that made it (its exits never fire, or wait for the owner's shutdown while it serves one request), any semantics
//   - ticker-in-endless-goroutine: a ticker made by a goroutine that never exits, started from repeated code (new semantics)
//   - unstopped-field-ticker, unstopped-field-timer: a ticker or timer stored in a struct field that no method of the package stops (old semantics)
//   - replaced-ticker, replaced-timer: a field ticker or timer replaced without stopping the previous one (old semantics; new semantics while the previous ticker's reader never exits)
//   - replaced-global-ticker, replaced-global-timer: a package-level ticker or timer replaced without stopping the previous one
//   - tick-in-returning-func: time.Tick in a function that returns (old semantics)
//   - after-in-loop: time.After in a loop's select that can go round without it firing (old semantics)
//   - afterfunc-dropped: a time.AfterFunc timer whose *Timer is dropped while its callback keeps values alive
//   - afterfunc-not-stopped: a time.AfterFunc timer in a field that the owner's closing method never stops
//   - afterfunc-rearmed: a time.AfterFunc timer in a field re-armed without stopping the previous timer
//   - afterfunc-entry-removed: a map or slice entry holding a pending time.AfterFunc timer deleted or cleared without stopping it
//   - context-afterfunc-dropped: context.AfterFunc on a context that outlives the call, with its stop func dropped, in repeated code
package tickerstop
