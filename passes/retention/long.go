package retention

import (
	"github.com/leakvet/leakvet/internal/golife"
	"github.com/leakvet/leakvet/internal/longlived"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// longPlaces is the suite's shared long-lived query for this package.
type longPlaces = longlived.Places

// newLongPlaces asks internal/longlived, with the suite's goroutine
// lifetimes (internal/golife) deciding which types run a goroutine that
// outlives its call.
func newLongPlaces(pass *analysis.Pass, c *checker) *longPlaces {
	gl, _ := pass.ResultOf[golife.Analyzer].(*golife.Info)
	return longlived.New(longlived.Config{
		Pkg:   pass.Pkg,
		Funcs: c.funcs,
		Fset:  pass.Fset,
		LongGoroutine: func(g *ssa.Go) (string, bool) {
			if gl == nil {
				return "", false
			}
			l := gl.Of(g)
			switch {
			case !l.OutlivesCall():
				return "", false
			case l.Exit == golife.Never:
				return "never returns", true
			}
			return "runs until its owner shuts down", true
		},
	})
}
