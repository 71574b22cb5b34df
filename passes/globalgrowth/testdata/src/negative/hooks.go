package main

// NEGATIVE: exported hook registration (cobra's OnInitialize shape): callers
// register callbacks at start-up through the package's API.
var initializers []func()

func OnInitialize(y ...func()) {
	initializers = append(initializers, y...)
}

var shutdownHooks = map[string]func() error{}

func AddShutdownHook(name string, h func() error) {
	shutdownHooks[name] = h
}

func runInitializers() {
	for _, f := range initializers {
		f()
	}
	for _, h := range shutdownHooks {
		_ = h()
	}
}
