// Package hooks keeps package-level lists that other packages append to.
package hooks

type Middleware func(next func()) func()

var chain []Middleware

// NEGATIVE at the declaration: an exported appender of a callback; how
// often the chain grows is up to its callers.
func Use(mw Middleware) { chain = append(chain, mw) } // want Use:"grows slice keys/hooks.chain"

// POSITIVE: Name is an exported appender, but the package's own exported
// Serve calls it on every request: the library grows it itself.
var names []string // want `package-level slice "names" grows without bound: Name appends to it and nothing truncates or resets it`

func Name(n string) { names = append(names, n) } // want Name:"grows slice keys/hooks.names"

func Serve(path string) { Name(path) } // want Serve:"grows slice keys/hooks.names"
