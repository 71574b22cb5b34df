package blocking

import (
	"testing"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// BenchmarkLocksStd measures the lock dataflow over every function of
// three standard-library packages with many mutexes and large functions
// (a fresh model per iteration; loading and SSA construction are not
// timed): go test -bench LocksStd -run '^$' ./internal/blocking.
func BenchmarkLocksStd(b *testing.B) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax}, "net/http", "crypto/tls", "go/types")
	if err != nil {
		b.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		b.Fatal("packages do not load")
	}
	prog, spkgs := ssautil.Packages(pkgs, ssa.BuilderMode(0))
	prog.Build()
	funcs := make(map[*ssa.Package][]*ssa.Function)
	for fn := range ssautil.AllFunctions(prog) {
		if fn.Pkg != nil {
			funcs[fn.Pkg] = append(funcs[fn.Pkg], fn)
		}
	}
	analysed := 0
	b.ReportAllocs()
	for b.Loop() {
		analysed = 0
		for _, p := range spkgs {
			m := New(p)
			for _, fn := range funcs[p] {
				if m.mayAcquire(fn) {
					analysed++
				}
				m.Locks(fn)
			}
		}
	}
	if analysed == 0 {
		b.Fatal("no function takes a lock: the benchmark measures nothing")
	}
	b.ReportMetric(float64(analysed), "funcs/op")
}
