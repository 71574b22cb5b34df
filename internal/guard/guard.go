// Package guard keeps an internal failure on one function from losing the
// findings on the others, and makes every such failure visible.
//
// A panic recovered by Run prints one line on standard error, in every mode
// (standalone, go vet -vettool, golangci-lint, nogo):
//
//	leakvet: internal error in <unit>: <panic value>; other findings kept
//
// With LEAKVET_DEBUG=1 in the environment the line is followed by the
// goroutine's stack. A failure is never silent: a crash must not look like
// "no findings".
//
// For tests of the front ends, LEAKVET_INJECT_PANIC=<unit> makes Run panic
// in every unit whose name equals <unit> (for example "(*Server).Serve" or
// "package example.com/m/api"), so that the failure path can be exercised
// end to end.
package guard

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sync"
)

// Run calls f and recovers from a panic in it, reporting the panic on
// standard error (see the package comment). It reports whether f completed.
// what names the unit of work: an *ssa.Function, a Package, ...
func Run(what fmt.Stringer, f func()) (ok bool) {
	if inject := os.Getenv("LEAKVET_INJECT_PANIC"); inject != "" && what != nil && what.String() == inject {
		f = func() { panic("injected by LEAKVET_INJECT_PANIC") }
	}
	return RunTo(os.Stderr, os.Getenv("LEAKVET_DEBUG") != "", what, f)
}

// RunTo is Run writing to w, with the stack trace when debug is set. A unit
// that fails again (in another phase of a pass, or another pass) is not
// reported twice.
func RunTo(w io.Writer, debugStack bool, what fmt.Stringer, f func()) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			ok = false
			var stack []byte
			if debugStack {
				stack = debug.Stack()
			}
			report(w, what, r, stack)
		}
	}()
	f()
	return true
}

var (
	mu     sync.Mutex          // keeps concurrent reports on separate lines
	failed = map[string]bool{} // units already reported: one line per unit
)

func report(w io.Writer, what fmt.Stringer, r any, stack []byte) {
	unit := "?"
	if what != nil {
		unit = what.String()
	}
	mu.Lock()
	defer mu.Unlock()
	if failed[unit] {
		return // the same function failed in another phase of the pass
	}
	failed[unit] = true
	fmt.Fprintf(w, "leakvet: internal error in %s: %v; other findings kept\n", unit, r)
	if stack != nil {
		w.Write(stack)
	}
}

// Package names a package as a unit of work for Run.
type Package string

func (p Package) String() string { return "package " + string(p) }
