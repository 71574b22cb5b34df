package closurecapture

// This file holds the analyzer, its configuration and the run over one
// package: summaries first, then each function's closures and calls.

import (
	_ "embed"
	"go/types"

	"github.com/leakvet/leakvet/internal/analysisdoc"
	"github.com/leakvet/leakvet/internal/flagval"
	"github.com/leakvet/leakvet/internal/golife"
	"github.com/leakvet/leakvet/internal/guard"
	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/longlived"
	"github.com/leakvet/leakvet/internal/size"
	"github.com/leakvet/leakvet/internal/ssaq"
	"github.com/leakvet/leakvet/internal/summary"
	"github.com/leakvet/leakvet/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

const url = "https://pkg.go.dev/github.com/leakvet/leakvet/passes/closurecapture"

// Analyzer reports long-lived closures that pin large values but use only a
// small projection of them, with the default Config; its flags (-size) set
// that analyzer's own Config.
var Analyzer = New(Config{})

// DefaultSize is the default of -closurecapture.size: 64 KiB.
const DefaultSize = 64 << 10

// Config is closurecapture's configuration. The zero value is the default.
type Config struct {
	// Size is the number of bytes from which a captured array, struct or
	// constant-size buffer counts as large (-closurecapture.size); 0 means
	// DefaultSize. Input-sized values (a request body, a file) are always
	// large. New panics on a negative Size: validate it with NewSize first
	// (analyzers.Config does).
	Size int64
	// Suppress says which directives the check applies itself.
	Suppress suppress.Policy
	// FactsOnly computes and exports only the facts other packages
	// import, and skips the checks: for runs whose diagnostics are
	// discarded (go vet analyses each dependency of the vetted packages
	// only for its facts, a "VetxOnly" unit). No finding is reported.
	FactsOnly bool
}

// NewSize returns the validating flag value for Config.Size holding n
// (0: the default). A negative n is an error.
func NewSize(n int64) (*flagval.Bytes, error) {
	b := flagval.NewBytes(DefaultSize)
	return b, b.SetInt(n)
}

// New returns a closurecapture analyzer that runs with cfg. Its flag set
// writes to its own copy of cfg: analyzers from different calls share no
// state.
func New(cfg Config) *analysis.Analyzer {
	size, err := NewSize(cfg.Size)
	if err != nil {
		panic("closurecapture.New: size: " + err.Error())
	}
	a := &analysis.Analyzer{
		Name:      "closurecapture",
		Doc:       analysisdoc.MustExtract(doc, "closurecapture"),
		URL:       url,
		Requires:  []*analysis.Analyzer{buildssa.Analyzer, lifetime.Analyzer, golife.Analyzer},
		FactTypes: []analysis.Fact{(*Capture)(nil)},
	}
	a.Flags.Var(size, "size", "bytes from which a captured value counts as large (0: the default, 65536; input-sized values always are)")
	a.Run = func(pass *analysis.Pass) (any, error) {
		run := cfg
		run.Size = size.Int() // read once per run
		return runPass(pass, run)
	}
	return a
}

// checker is the state of one run on one package.
type checker struct {
	pass   *analysis.Pass
	report *suppress.Reporter
	funcs  []*ssa.Function
	graph  *summary.Graph
	life   *lifetime.Info // how often code runs; nil if unknown
	golife *golife.Info   // the suite's goroutine-lifetime query
	inPkg  map[*ssa.Function]bool
	inTest map[*ssa.Function]bool
	sums   *summary.Table[*fnSummary]
	m      *size.Model       // the size model, over the summaries
	places *longlived.Places // long-lived places of the package
	// written records fields assigned outside composite literals.
	written map[fieldKey]bool
}

func runPass(pass *analysis.Pass, cfg Config) (any, error) {
	life := pass.ResultOf[lifetime.Analyzer].(*lifetime.Result)
	if !mayMatter(life.Funcs) {
		return nil, nil
	}
	c := &checker{
		pass:   pass,
		report: suppress.New(pass, "closurecapture", cfg.Suppress.DiscardIf(cfg.FactsOnly)),
		funcs:  life.Funcs,
		graph:  life.Graph,
		life:   life.Info,
		golife: pass.ResultOf[golife.Analyzer].(*golife.Info),
		inPkg:  make(map[*ssa.Function]bool, len(life.Funcs)),
		inTest: make(map[*ssa.Function]bool),
	}
	c.m = size.New(size.Config{Pkg: pass.Pkg, Sizes: pass.TypesSizes, Threshold: cfg.Size, Callee: c.sizeSummary})
	for _, fn := range c.funcs {
		c.inPkg[fn] = true
		if ssaq.InTestFile(pass.Fset, fn.Pos()) {
			c.inTest[fn] = true
		}
	}
	guard.Run(guard.Package(pass.Pkg.Path()), func() {
		c.places = longlived.New(longlived.Config{Pkg: pass.Pkg, Funcs: c.funcs, Fset: pass.Fset, LongGoroutine: c.longGo})
	})
	if c.places == nil {
		c.places = longlived.New(longlived.Config{})
	}
	c.summarise()
	for _, fn := range c.funcs {
		if c.inTest[fn] || cfg.FactsOnly {
			continue // test code is short-lived; its closures die with the test
		}
		guard.Run(fn, func() { c.checkFunc(fn) })
	}
	c.exportFacts()
	return nil, nil
}

// mayMatter reports whether the package has anything the check looks at:
// a closure, a func-typed parameter or a function returning a value that
// may be large. Packages of plain scalar code are skipped.
func mayMatter(funcs []*ssa.Function) bool {
	for _, fn := range funcs {
		if len(fn.AnonFuncs) > 0 || fn.Parent() != nil {
			return true
		}
		for _, p := range fn.Params {
			if isFuncType(p.Type()) {
				return true
			}
		}
		res := fn.Signature.Results()
		for i := 0; i < res.Len(); i++ {
			switch res.At(i).Type().Underlying().(type) {
			case *types.Slice, *types.Pointer, *types.Basic, *types.Struct:
				return true
			}
		}
	}
	return false
}

func isFuncType(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// typeString writes t relative to the current package.
func (c *checker) typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p == c.pass.Pkg {
			return ""
		}
		return p.Name()
	})
}
