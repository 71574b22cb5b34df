// Package tickerstop defines an Analyzer that reports timers and tickers
// that are never stopped.
//
// # Analyzer tickerstop
//
// tickerstop: report tickers and timers that are never stopped, by Go version
//
// Before Go 1.23 a time.Ticker or time.Timer that is never stopped is never
// garbage collected: the runtime keeps it (and the goroutine-free channel it
// feeds) for the life of the process. Go 1.23 changed that: an unreferenced
// timer is collected even if it was never stopped. The check asks which
// semantics a package runs with and reports only what leaks there:
//
//   - old: a package whose go line is below 1.23 (a main package), or a main
//     package with //go:debug asynctimerchan=1 (or default=go1.22), or whose
//     go.mod godebug block says so (read only when the driver provides the
//     module);
//   - unknown: a library below go 1.23, whose consumer's go line decides;
//     reported as old, and the message says so;
//   - new: go 1.23 and later.
//
// Under old (and unknown) semantics it reports a time.NewTicker or
// time.NewTimer (or a helper that returns a fresh one) not stopped on every
// path to return; time.Tick in a function that returns; time.After feeding a
// select inside a loop (one live timer per iteration); a ticker stored in a
// struct field that no method of the type stops; a field ticker replaced
// without stopping the previous one; and a package-level ticker var that
// code running repeatedly replaces without stopping the previous one.
//
// Under new semantics only what stays reachable leaks: a ticker that is
// never stopped while a goroutine that never exits reads it, started from
// code that runs repeatedly (a method, handler or exported function), so
// every call leaves one more ticking goroutine behind.
//
// In every version, a time.AfterFunc timer keeps its callback (and all it
// captures) until it fires: the check reports one stored in a field that
// the owner's Close/Stop/Shutdown never stops, one re-armed without stopping
// the previous timer, and one whose *Timer is dropped in a method of a type
// that has such a shutdown method.
//
// With -tickerstop.strict, every ticker or timer not stopped on every path
// is reported, whatever the version.
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
// RIGHT:
//
//	t := time.NewTicker(time.Second)
//	defer t.Stop()
//
// WRONG (any version):
//
//	func (s *Server) Start() {
//		t := time.NewTicker(s.interval)
//		go func() {
//			for range t.C { // never returns: one more per Start
//				s.sync()
//			}
//		}()
//	}
//
// RIGHT: select on a quit channel that Close closes, and stop the ticker.
//
// The suggested fix for a local ticker or timer inserts defer t.Stop() after
// the statement that creates it.
//
// Stop analysis follows the value through defers, closures (defer func() {
// t.Stop() }()), helpers that stop their parameter (facts across packages),
// and Reset (reuse, not a leak). A function that never returns keeps its
// ticker for as long as it runs, which is intended.
//
// False-positive policy: when a ticker is returned, stored in a global,
// sent on a channel, put in a slice or map, or passed to code that keeps it,
// ownership moves and the check stays silent (a returned ticker is followed
// to the caller through a fact).
//
// # Limitations
//
// A ticker stored once in a package-level variable is not reported (it lives
// as long as the process on purpose); under new semantics, one held by a
// global or a long-lived object and read by a goroutine is not followed. Under new semantics a field
// ticker read by a goroutine started through a method value is not followed.
// The go.mod godebug block is only read when the driver reports the module
// (go vet and the standalone driver do; nogo does not).
//
// # Categories
//
// Every diagnostic carries one of these categories (Diagnostic.Category,
// SARIF rule properties, golangci-lint's issue text); they are stable.
//
//   - unstopped-ticker, unstopped-timer: a ticker or timer from time.NewTicker/NewTimer (or a function whose fact says it returns one) not stopped on every path (old semantics or -strict)
//   - unstopped-ticker-reader: a never-stopped ticker read by a goroutine that never exits, started from repeated code (any semantics)
//   - unstopped-field-ticker, unstopped-field-timer: a ticker or timer stored in a struct field that no method of the package stops
//   - replaced-ticker, replaced-timer: a field ticker or timer replaced without stopping the previous one
//   - replaced-global-ticker, replaced-global-timer: a package-level ticker or timer replaced without stopping the previous one
//   - tick-in-returning-func: time.Tick in a function that returns (old semantics)
//   - after-in-loop: time.After in a loop's select (old semantics)
//   - afterfunc-dropped: a time.AfterFunc timer whose *Timer is dropped while its callback keeps values alive
//   - afterfunc-not-stopped: a time.AfterFunc timer in a field that the owner's closing method never stops
//   - afterfunc-rearmed: a time.AfterFunc timer in a field re-armed without stopping the previous timer
package tickerstop
