// Package hooksuser registers middlewares with package hooks.
package hooksuser

import (
	"sync"

	"keys/hooks"
)

func logMW(next func()) func() { return next }

// NEGATIVE: init runs once.
func init() { hooks.Use(logMW) }

var once sync.Once

// NEGATIVE: a sync.Once body runs once, however often Start is called.
func Start() { once.Do(setup) }

func setup() {
	for i := 0; i < 3; i++ {
		hooks.Use(logMW)
	}
}

// POSITIVE: every call of Handle adds one middleware per path.
func Handle(paths []string) {
	for _, p := range paths {
		p := p
		hooks.Use(func(next func()) func() { _ = p; return next }) // want `hooks\.Use appends to package-level slice "chain" of package hooks, where nothing truncates or resets it, and runs here repeatedly`
	}
}
