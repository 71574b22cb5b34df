package goroutineleak

import (
	_ "embed"

	"github.com/leakvet/leakvet/internal/analysisdoc"
	"github.com/leakvet/leakvet/internal/blocking"
	"github.com/leakvet/leakvet/internal/guard"
	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/ssaq"
	"github.com/leakvet/leakvet/internal/summary"
	"github.com/leakvet/leakvet/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

const url = "https://pkg.go.dev/github.com/leakvet/leakvet/passes/goroutineleak"

// Analyzer reports goroutines that can never finish, with the default
// Config.
var Analyzer = New(Config{})

// Config is goroutineleak's configuration. The zero value is the default.
type Config struct {
	// Suppress says which directives the check applies itself.
	Suppress suppress.Policy
	// FactsOnly computes and exports only the facts other packages
	// import, and skips the checks: for runs whose diagnostics are
	// discarded (go vet analyses each dependency of the vetted packages
	// only for its facts, a "VetxOnly" unit). No finding is reported.
	FactsOnly bool
}

// New returns a goroutineleak analyzer that runs with cfg.
func New(cfg Config) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:      "goroutineleak",
		Doc:       analysisdoc.MustExtract(doc, "goroutineleak"),
		URL:       url,
		Requires:  []*analysis.Analyzer{buildssa.Analyzer, lifetime.Analyzer},
		Run:       func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
		FactTypes: []analysis.Fact{(*ChanOps)(nil)},
	}
}

type checker struct {
	pass   *analysis.Pass
	pkg    *ssa.Package
	report *suppress.Reporter
	funcs  []*ssa.Function
	graph  *summary.Graph
	life   *lifetime.Info
	// sums are the package's ChanOps summaries.
	sums         *summary.Table[*ChanOps]
	callsOnCache map[callsOnKey]bool
	model        *blocking.Model // built on first use
	fields       map[ssaq.Field]*fieldChan
	flows        map[*ssa.MakeChan]*flow
	feedsCache   map[*ssa.Function]string
}

func run(pass *analysis.Pass, cfg Config) (any, error) {
	ssaRes := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	life := pass.ResultOf[lifetime.Analyzer].(*lifetime.Result)
	c := &checker{
		pass:   pass,
		pkg:    ssaRes.Pkg,
		report: suppress.New(pass, "goroutineleak", cfg.Suppress.DiscardIf(cfg.FactsOnly)),
		funcs:  life.Funcs,
		graph:  life.Graph,
		life:   life.Info,
	}
	c.callsOnCache = make(map[callsOnKey]bool)
	c.flows = make(map[*ssa.MakeChan]*flow)
	c.feedsCache = make(map[*ssa.Function]string)
	c.summarise() // facts first: a helper package may have no goroutines
	if cfg.FactsOnly || !c.concurrent() {
		return nil, nil
	}
	for _, fn := range c.funcs {
		guard.Run(fn, func() { c.checkFunc(fn) })
	}
	guard.Run(c.pass.Pkg, c.checkFieldSends)
	return nil, nil
}

// concurrent reports whether the package has anything to check: a go
// statement, a channel, or a use of package sync.
func (c *checker) concurrent() bool {
	for _, imp := range c.pass.Pkg.Imports() {
		if imp.Path() == "sync" {
			return true
		}
	}
	for _, fn := range c.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr.(type) {
				case *ssa.Go, *ssa.MakeChan:
					return true
				}
			}
		}
	}
	return false
}

// checkFunc runs every check anchored in fn.
func (c *checker) checkFunc(fn *ssa.Function) {
	c.checkLocks(fn)
	c.checkBulkAdd(fn)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.MakeChan:
				c.checkChannel(x)
			case *ssa.Go:
				c.checkGoroutine(x)
			case *ssa.Call:
				if runnerArg(&x.Call) != nil {
					c.checkGoroutine(x)
				}
				c.checkCall(x)
				c.checkFed(x)
			}
		}
	}
}

func (c *checker) inLoop(b *ssa.BasicBlock) bool { return c.life.InLoop(b) }
