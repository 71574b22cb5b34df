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
// Reports for code scanning and gradual adoption (standalone only):
//
//	leakvet -sarif=leakvet.sarif ./...          # SARIF 2.1.0 (or -format=sarif to stdout)
//	leakvet -write-baseline=leakvet.baseline ./... # accept today's findings
//	leakvet -baseline=leakvet.baseline ./...    # fail only on new ones
//
// Run "leakvet help" for the checks and their flags.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/leakvet/leakvet/analyzers"
	"golang.org/x/tools/go/analysis/multichecker"
)

func main() {
	// SARIF and baselines need the report driver; everything else
	// (text, -json, -fix, go vet's unitchecker) is multichecker's.
	if wantsReportDriver(os.Args[1:]) {
		os.Exit(runReportDriver(filepath.Base(os.Args[0]), analyzers.All, os.Args[1:], os.Stdout, os.Stderr))
	}
	// A bad flag gets one line, not the whole flag list.
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "run '%s help' for the checks and flags\n", filepath.Base(os.Args[0]))
	}
	// A harmless flag whose value benchmarks change to miss go vet's result cache.
	flag.String("nonce", "", "ignored; change it to make go vet re-run leakvet instead of replaying cached results")
	multichecker.Main(analyzers.All...)
}
