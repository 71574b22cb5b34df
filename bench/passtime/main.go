// Command passtime loads packages from source once and runs the leakvet
// suite over them in one process, printing the CPU time each analyzer
// (buildssa and the analyzers every check requires included) spent, summed
// over all packages, so that a slow check can be found without go vet's
// per-package processes in the way.
//
// Usage:
//
//	go run ./bench/passtime [-cpuprofile FILE] [-only CHECK] [-n N] packages...
//
// The sum is of wall time inside each analyzer's Run with the checker in
// sequential mode, so it is the CPU cost of the analysis (no parallelism),
// excluding loading and type checking, which go vet does in every mode.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/pprof"
	"sort"
	"sync"
	"time"

	"github.com/leakvet/leakvet/analyzers"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

func main() {
	memprofile := flag.String("memprofile", "", "write an allocation profile to `file` at the end")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the analysis (not the loading) to `file`")
	only := flag.String("only", "", "run only this check (and what it requires)")
	top := flag.Int("top", 0, "also print the `k` slowest (analyzer, package) pairs")
	factsOnly := flag.Bool("factsonly", false, "run the checks in facts-only mode (as go vet's dependency units do)")
	tests := flag.Bool("test", false, "load test variants too")
	n := flag.Int("n", 1, "run the analysis `n` times (profiles get more samples)")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("passtime: ")

	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Tests: *tests}, flag.Args()...)
	if err != nil {
		log.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		log.Fatal("packages do not load")
	}

	roots := analyzers.All
	if *factsOnly {
		var err error
		if roots, err = (analyzers.Config{FactsOnly: true}).Build(); err != nil {
			log.Fatal(err)
		}
	}
	if *only != "" {
		all := roots
		roots = nil
		for _, a := range all {
			if a.Name == *only {
				roots = append(roots, a)
			}
		}
		if roots == nil {
			log.Fatalf("no check named %q", *only)
		}
	}
	var mu sync.Mutex
	spent := map[string]time.Duration{}
	rootSpent := map[string]time.Duration{}
	isRoot := map[string]bool{}
	for _, p := range pkgs {
		isRoot[p.PkgPath] = true
	}
	perPkg := map[string]time.Duration{}
	wrapped := map[*analysis.Analyzer]*analysis.Analyzer{}
	var wrap func(a *analysis.Analyzer) *analysis.Analyzer
	wrap = func(a *analysis.Analyzer) *analysis.Analyzer {
		if w, ok := wrapped[a]; ok {
			return w
		}
		w := *a
		wrapped[a] = &w
		w.Requires = nil
		for _, r := range a.Requires {
			w.Requires = append(w.Requires, wrap(r))
		}
		run := a.Run
		name := a.Name
		w.Run = func(pass *analysis.Pass) (any, error) {
			// Results of required analyzers are keyed by the wrapped
			// analyzer; the original Run looks them up by the original.
			res := make(map[*analysis.Analyzer]any, len(pass.ResultOf))
			for orig, wr := range wrapped {
				if v, ok := pass.ResultOf[wr]; ok {
					res[orig] = v
				}
			}
			pass.ResultOf = res
			pass.Analyzer = a
			start := time.Now()
			var v any
			var err error
			pprof.Do(context.Background(), pprof.Labels("pkg", pass.Pkg.Path(), "analyzer", name), func(context.Context) {
				v, err = run(pass)
			})
			d := time.Since(start)
			mu.Lock()
			spent[name] += d
			if isRoot[pass.Pkg.Path()] {
				rootSpent[name] += d
			}
			perPkg[name+" "+pass.Pkg.Path()] += d
			mu.Unlock()
			return v, err
		}
		return &w
	}
	var ws []*analysis.Analyzer
	for _, a := range roots {
		ws = append(ws, wrap(a))
	}

	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	findings := 0
	for i := 0; i < *n; i++ {
		g, err := checker.Analyze(ws, pkgs, &checker.Options{Sequential: true})
		if err != nil {
			log.Fatal(err)
		}
		for act := range g.All() {
			if act.Err != nil {
				log.Printf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
			}
			if act.IsRoot {
				findings += len(act.Diagnostics)
			}
		}
	}
	if *memprofile != "" {
		f, err := os.Create(*memprofile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.Lookup("allocs").WriteTo(f, 0)
		f.Close()
	}
	names := make([]string, 0, len(spent))
	var total time.Duration
	for k, d := range spent {
		names = append(names, k)
		total += d
	}
	fmt.Printf("%-16s %9s %9s\n", "analyzer", "all", "roots")
	sort.Slice(names, func(i, j int) bool { return spent[names[i]] > spent[names[j]] })
	for _, k := range names {
		fmt.Printf("%-16s %8.2fs %8.2fs\n", k, spent[k].Seconds()/float64(*n), rootSpent[k].Seconds()/float64(*n))
	}
	if *top > 0 {
		pairs := make([]string, 0, len(perPkg))
		for k := range perPkg {
			pairs = append(pairs, k)
		}
		sort.Slice(pairs, func(i, j int) bool { return perPkg[pairs[i]] > perPkg[pairs[j]] })
		for _, k := range pairs[:min(*top, len(pairs))] {
			fmt.Printf("  %-50s %8.3fs\n", k, perPkg[k].Seconds()/float64(*n))
		}
	}
	fmt.Printf("%-16s %8.2fs  (%d findings)\n", "total", total.Seconds()/float64(*n), findings / *n)
}
