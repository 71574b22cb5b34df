package golife

import (
	"reflect"

	"github.com/leakvet/leakvet/internal/lifetime"
	"golang.org/x/tools/go/analysis"
)

// Analyzer prepares the goroutine-lifetime query once per package for
// every check that requires it; its result is an *Info (answers are
// computed lazily, per go statement, when a check asks).
var Analyzer = &analysis.Analyzer{
	Name:       "leakvetgolife",
	Doc:        "classify the exits of each goroutine a package starts (leakvet internal)",
	Requires:   []*analysis.Analyzer{lifetime.Analyzer},
	ResultType: reflect.TypeOf((*Info)(nil)),
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[lifetime.Analyzer].(*lifetime.Result)
		return New(res.Funcs, res.Info), nil
	},
}
