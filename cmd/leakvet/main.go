// Command leakvet finds Go code that keeps memory, goroutines or timers
// alive longer than the program needs them.
//
// Standalone:
//
//	leakvet ./...
//
// As a go vet tool (same findings, go vet's caching and package loading):
//
//	go vet -vettool=$(which leakvet) ./...
//
// Run "leakvet help" for the checks and their flags.
package main

import (
	"flag"

	"github.com/leakvet/leakvet/analyzers"
	"golang.org/x/tools/go/analysis/multichecker"
)

func main() {
	// A harmless flag whose value benchmarks change to miss go vet's result cache.
	flag.String("nonce", "", "ignored; change it to make go vet re-run leakvet instead of replaying cached results")
	multichecker.Main(analyzers.All...)
}
