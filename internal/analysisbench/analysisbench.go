// Package analysisbench benchmarks an analyzer on GOPATH-style testdata:
// the packages are loaded once, then each iteration runs the analyzer (and
// what it requires, on the dependencies too, as go vet would) from scratch.
package analysisbench

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// Run benchmarks a on the packages matching patterns in the GOPATH-style
// tree dir/src and reports the findings per iteration; it fails if there
// are none, since a benchmark of a check that finds nothing measures
// nothing.
func Run(b *testing.B, a *analysis.Analyzer, dir string, patterns ...string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		b.Fatal(err)
	}
	run(b, a, &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  filepath.Join(abs, "src"),
		Env:  append(os.Environ(), "GO111MODULE=off", "GOPATH="+abs, "GOFLAGS=", "GOWORK=off"),
	}, patterns)
}

// RunModule is Run for the module rooted at dir.
func RunModule(b *testing.B, a *analysis.Analyzer, dir string, patterns ...string) {
	run(b, a, &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off"),
	}, patterns)
}

func run(b *testing.B, a *analysis.Analyzer, cfg *packages.Config, patterns []string) {
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		b.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		b.Fatal("testdata does not load")
	}
	var findings int
	for b.Loop() {
		g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
		if err != nil {
			b.Fatal(err)
		}
		findings = 0
		for act := range g.All() {
			if act.Analyzer == a && act.IsRoot {
				if act.Err != nil {
					b.Fatal(act.Err)
				}
				findings += len(act.Diagnostics)
			}
		}
	}
	if findings == 0 {
		b.Fatalf("%s found nothing in %v", a.Name, patterns)
	}
	b.ReportMetric(float64(findings), "findings/op")
}
