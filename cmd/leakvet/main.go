// Command leakvet finds Go code that keeps memory, goroutines or timers
// alive longer than the program needs them.
//
// Standalone, on the go command's machinery (go vet -vettool=leakvet runs
// underneath: build flags such as -tags apply, results are cached, and an
// unchanged package is not analysed again):
//
//	leakvet ./...
//
// As a go vet tool (same findings):
//
//	go vet -vettool=$(which leakvet) ./...
//
// Reports for code scanning and gradual adoption:
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
	"runtime/debug"
	"strings"

	"github.com/leakvet/leakvet/analyzers"
	"github.com/leakvet/leakvet/internal/factcache"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

func main() {
	progname := filepath.Base(os.Args[0])
	if len(os.Args) == 2 && os.Args[1] == "help" {
		printUsage(os.Stdout, progname, analyzers.All)
		return
	}
	if !vetProtocol(os.Args[1:]) {
		os.Exit(standalone(progname, analyzers.All, os.Args[1:], os.Stdout, os.Stderr))
	}
	// go vet runs the tool once per package: a bad check flag value is
	// one line per package, not unitchecker's usage text.
	if err := checkFlagValues(analyzers.All, os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", progname, err)
		os.Exit(exitUsage)
	}
	// A harmless flag whose value benchmarks (and standalone runs) change
	// to miss go vet's result cache.
	flag.String("nonce", "", "ignored; change it to make go vet re-run leakvet instead of replaying cached results")
	// The unit's config (nil for -flags, -V and help), read once: the
	// facts cache, the GC settings and the suite depend on it.
	var unit *factcache.Unit
	if args := os.Args[1:]; len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg") {
		unit, _ = factcache.ReadUnit(args[len(args)-1]) // unitchecker reports a bad one
	}
	suite := unitSuite(unit)
	if len(suite) > 0 {
		if code, ok := runCachedUnit(unit, os.Args[1:]); ok {
			os.Exit(code)
		}
	}
	tuneUnitGC(unit)
	unitchecker.Main(suite...)
}

// GC settings of a go vet unit process (see tuneUnitGC).
const (
	unitGCPercent   = 200
	unitMemoryLimit = 200 << 20 // bytes: the per-process budget (docs/performance.md)
	// unitLimitPerSource is the soft limit per byte of the unit's Go
	// source, when that is more than unitMemoryLimit: a package's live
	// heap (syntax, types, SSA, summaries) is about 60 times its source
	// (pebble's root package with its tests: 2.5 MB of source, 150 MB
	// live), and a limit close to the live heap makes the collector run
	// continuously.
	unitLimitPerSource = 80
	unitSmallSource    = 3 << 19 // bytes of Go source (1.5 MiB)
)

// tuneUnitGC sets the GC of a process that analyses one go vet unit. The
// process lives for one package's analysis (its SSA, the summaries):
// collecting garbage half as often (GOGC=200) saves about a fifth of its
// CPU time. Only packages with at most unitSmallSource bytes of Go source
// get it: a large package (a storage engine's root package and its tests)
// keeps the default. Every unit runs under a soft limit of unitMemoryLimit
// or unitLimitPerSource times its source size, whichever is larger, past
// which the collector runs as often as it must: it keeps the largest
// units within 1.5 times plain go vet's peak. GOGC and GOMEMLIMIT, if set,
// win.
func tuneUnitGC(u *factcache.Unit) {
	if u == nil || os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	var size int64
	for _, f := range u.GoFiles {
		if fi, err := os.Stat(f); err == nil {
			size += fi.Size()
		}
	}
	percent, limit := unitGC(size)
	debug.SetMemoryLimit(limit)
	if percent > 0 {
		debug.SetGCPercent(percent)
	}
}

// unitGC returns the GC percent (0: leave the default) and the soft memory
// limit in bytes of a unit with size bytes of Go source.
func unitGC(size int64) (percent int, limit int64) {
	if size <= unitSmallSource {
		percent = unitGCPercent
	}
	return percent, max(unitMemoryLimit, unitLimitPerSource*size)
}

// unitSuite returns the analyzers for one go vet unit: the suite, or,
// when the unit's config says go vet wants only its facts (VetxOnly: a
// dependency of the vetted packages, whose diagnostics it discards), the
// suite built to compute facts alone. Each built analyzer has its own flags,
// set from args by unitchecker as the suite's are.
//
// A standard-library dependency gets no analyzers: the checks model the
// standard library's APIs themselves, by type information (io.ReadAll,
// time.AfterFunc, context.WithCancel, the sync types), and globalgrowth
// exports no facts for GOROOT packages; their facts changed no finding on
// std, x/tools, pebble or the corpus (docs/performance.md), and building
// their SSA was most of the cost of a dependency unit.
func unitSuite(u *factcache.Unit) []*analysis.Analyzer {
	if u == nil || !u.VetxOnly {
		return analyzers.All
	}
	if u.Standard[u.ImportPath] {
		return nil
	}
	suite, err := analyzers.Config{FactsOnly: true}.Build()
	if err != nil {
		return analyzers.All
	}
	return suite
}

// checkFlagValues sets the checks' flags that args give (-check.flag=value
// or -check.flag value) through the checks' own flag.Values, reporting the
// first invalid value as flag.Parse would word it.
func checkFlagValues(all []*analysis.Analyzer, args []string) error {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" || !strings.HasPrefix(a, "-") {
			return nil
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		check, flagName, ok := strings.Cut(name, ".")
		if !ok {
			continue
		}
		for _, an := range all {
			f := an.Flags.Lookup(flagName)
			if an.Name != check || f == nil {
				continue
			}
			if !hasValue {
				if isBoolFlag(f.Value) || i+1 == len(args) {
					continue
				}
				i++
				value = args[i]
			}
			if err := f.Value.Set(value); err != nil {
				return fmt.Errorf("invalid value %q for flag -%s: %v", value, name, err)
			}
		}
	}
	return nil
}

// vetProtocol reports whether args are go vet's calls to a vet tool
// (-V=full, -flags, or flags and one unit.cfg) or "help <check>", which
// unitchecker answers.
func vetProtocol(args []string) bool {
	var rest []string
	for i, a := range args {
		if a == "--" {
			rest = args[i+1:]
			break
		}
		if !strings.HasPrefix(a, "-") {
			rest = args[i:]
			break
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name == "V" || name == "flags" {
			return true
		}
	}
	return len(rest) > 0 && rest[0] == "help" || len(rest) == 1 && strings.HasSuffix(rest[0], ".cfg")
}
