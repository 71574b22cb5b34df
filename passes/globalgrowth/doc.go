// Package globalgrowth defines an Analyzer that reports package-level
// collections that grow without bound.
//
// # Analyzer globalgrowth
//
// globalgrowth: report package-level maps, slices and lists that only grow
//
// A package-level collection lives as long as the process. When code that
// runs over and over (an HTTP handler, a method, a loop, a callback, a
// goroutine) adds to it and nothing ever removes from it, memory grows with
// every request until the process is restarted: the Go twin of the
// module-level array that every request pushes to.
//
// The check considers unexported package-level vars whose type is a slice,
// a map, a sync.Map, a container/list.List (or a pointer to one of those),
// and such collections held in the fields of a package-level struct var or
// behind a package-level pointer to a struct. It reports a collection when
// some code that runs repeatedly grows it (append stored back, map insert,
// sync.Map Store/LoadOrStore/Swap, list Push*/Insert*, or a call to a
// function or method that does one of these to the collection passed to it)
// and nothing in the package bounds it.
//
// WRONG:
//
//	var hits = map[string]int{}
//
//	func handle(w http.ResponseWriter, r *http.Request) {
//		hits[r.URL.Path]++ // one entry per distinct path, forever
//	}
//
// RIGHT:
//
//	var hits = map[string]int{}
//
//	func handle(w http.ResponseWriter, r *http.Request) {
//		mu.Lock()
//		if len(hits) < maxPaths {
//			hits[r.URL.Path]++
//		}
//		mu.Unlock()
//	}
//
// WRONG:
//
//	var audit []Entry
//
//	func (l *Logger) Record(e Entry) { audit = append(audit, e) }
//
// RIGHT:
//
//	func (l *Logger) Flush() { write(audit); audit = audit[:0] }
//
// Code runs repeatedly when it is in a loop, in a method, in an exported
// function, in a function used as a value (a handler or callback), in a
// goroutine started from such code, or in a function called from any of
// those. Code in init functions, package var initializers, helpers called
// only from them, main outside its loops and sync.Once bodies runs once and
// is never reported.
//
// Any one of these is taken as evidence that the collection is bounded, and
// silences the report: a delete, clear, reassignment (nil, make, a literal,
// another value, x[i:], x[:0], append(x[:0], ...)), slices.Delete,
// maps.DeleteFunc, sync.Map Delete/LoadAndDelete/CompareAndDelete/Clear or
// list Remove/Init anywhere in the package outside initialisation; growth
// dominated by a check of the collection's length; keys from a bounded
// domain (constants, bool, byte-sized integers, a named type whose values are
// declared constants); the registration idiom (growth guarded by a
// duplicate-key check that panics or returns an error, or inside a function
// named Register*/MustRegister*, or an exported function adding callbacks
// to a collection of funcs — OnInitialize(f), AddHook(h) — that the
// package's own repeated code does not call).
//
// Exported functions that grow an unbounded collection of their package
// carry a fact, so a dependent package that calls one from a loop, handler
// or method is told at the call.
//
// Exported vars are skipped unless -globalgrowth.exported is set, since
// another package may prune them. Vars declared in _test.go files, growth in
// test files, and generated files are ignored.
//
// False-positive policy: the check stays silent whenever the collection's
// address or value goes where it cannot follow: returned from a function,
// stored in another variable or field, captured by a closure, merged in a
// phi, sent on a channel, or passed by pointer (or as a map) to code it has
// no summary for (interface methods, function values, reflection-based APIs
// taking any).
//
// # Limitations
//
// The check follows a collection through one level of struct fields and
// through the package's own functions and the facts of analysed
// dependencies; collections reached through a second level of fields, maps
// of maps, or through interface values are not considered. Bounds enforced
// by logic it cannot see (a caller that only ever passes a fixed set of keys,
// an external process that restarts the server) are not recognised:
// suppress those with //leakvet:ignore globalgrowth <reason>. Growth through
// a collection created per request and stored in a global struct is only
// seen when the global is reached directly.
//
// # Categories
//
// Every diagnostic carries one of these categories (Diagnostic.Category,
// SARIF rule properties, golangci-lint's issue text); they are stable.
//
//   - unbounded-global: a package-level collection of this package grows in repeated code and nothing bounds it (reported at its declaration, Related at each growth)
//   - unbounded-global-call: a call, in repeated code, of another package's function whose fact says it grows an unbounded collection of that package
//   - directive: a //leakvet:ignore directive that names no known check or gives no reason (reported once per package, by globalgrowth)
package globalgrowth
