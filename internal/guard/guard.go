// Package guard keeps an internal failure on one function from losing the
// findings on the others.
package guard

import (
	"fmt"
	"os"
	"runtime/debug"
)

// Debug makes Run print recovered panics to stderr (LEAKVET_DEBUG=1).
var Debug = os.Getenv("LEAKVET_DEBUG") != ""

// Run calls f and recovers from a panic in it. It reports whether f
// completed. what names the unit of work for the debug trace.
func Run(what fmt.Stringer, f func()) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			ok = false
			if Debug {
				fmt.Fprintf(os.Stderr, "leakvet: internal error analysing %v: %v\n%s", what, r, debug.Stack())
			}
		}
	}()
	f()
	return true
}

// Package names a package as a unit of work for Run.
type Package string

func (p Package) String() string { return "package " + string(p) }
