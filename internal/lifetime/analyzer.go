package lifetime

import (
	"reflect"

	"github.com/leakvet/leakvet/internal/guard"
	"github.com/leakvet/leakvet/internal/ssaq"
	"github.com/leakvet/leakvet/internal/summary"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Result is what Analyzer computes once per package for every check.
type Result struct {
	Funcs []*ssa.Function // ssaq.PackageFuncs
	Info  *Info           // nil if the classification failed
	// Graph is the package's summary graph (who depends on whose
	// summary), shared by every check's summary table.
	Graph *summary.Graph
}

// Analyzer classifies the package's functions once, for all checks that
// require it.
var Analyzer = &analysis.Analyzer{
	Name:       "leakvetlifetime",
	Doc:        "classify how often each function of a package runs (leakvet internal)",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	ResultType: reflect.TypeOf((*Result)(nil)),
	Run: func(pass *analysis.Pass) (any, error) {
		res := &Result{Funcs: ssaq.PackageFuncs(pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA))}
		res.Graph = summary.NewGraph(res.Funcs)
		guard.Run(guard.Package(pass.Pkg.Path()), func() { res.Info = Compute(res.Funcs) })
		return res, nil
	},
}
