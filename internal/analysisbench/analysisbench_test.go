package analysisbench_test

import (
	"go/ast"
	"testing"

	"github.com/leakvet/leakvet/internal/analysisbench"
	"golang.org/x/tools/go/analysis"
)

// funcs reports every function declaration: two in testdata/src/p.
var funcs = &analysis.Analyzer{
	Name: "funcs",
	Doc:  "report function declarations",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					pass.Reportf(fd.Pos(), "func %s", fd.Name.Name)
				}
			}
		}
		return nil, nil
	},
}

func TestRunReportsFindings(t *testing.T) {
	res := testing.Benchmark(func(b *testing.B) {
		analysisbench.Run(b, funcs, "testdata", "p")
	})
	if got := res.Extra["findings/op"]; got != 2 {
		t.Errorf("findings/op = %v, want 2 (result %v)", got, res)
	}
}

// silent finds nothing, which makes a benchmark of it meaningless.
var silent = &analysis.Analyzer{
	Name: "silent",
	Doc:  "report nothing",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

func TestRunFailsWithoutFindings(t *testing.T) {
	res := testing.Benchmark(func(b *testing.B) {
		analysisbench.Run(b, silent, "testdata", "p")
	})
	if _, ok := res.Extra["findings/op"]; ok {
		t.Errorf("benchmark of a silent analyzer did not fail: %v", res)
	}
}

func TestRunModule(t *testing.T) {
	res := testing.Benchmark(func(b *testing.B) {
		analysisbench.RunModule(b, funcs, "testdata/mod", "./...")
	})
	if got := res.Extra["findings/op"]; got != 1 {
		t.Errorf("findings/op = %v, want 1 (result %v)", got, res)
	}
}
