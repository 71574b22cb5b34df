package globalgrowth

import (
	_ "embed"
	"go/types"

	"github.com/leakvet/leakvet/internal/analysisdoc"
	"github.com/leakvet/leakvet/internal/goroot"
	"github.com/leakvet/leakvet/internal/guard"
	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/ssaq"
	"github.com/leakvet/leakvet/internal/summary"
	"github.com/leakvet/leakvet/internal/suppress"
	goanalysis "golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

const url = "https://pkg.go.dev/github.com/leakvet/leakvet/passes/globalgrowth"

// Analyzer reports package-level collections that grow without bound, with
// the default Config; its flags (-exported) set that analyzer's own Config.
var Analyzer = New(Config{})

// Config is globalgrowth's configuration. The zero value is the default.
type Config struct {
	// Exported makes exported package-level vars candidates too
	// (-globalgrowth.exported); by default another package might prune them.
	Exported bool
	// Suppress says which directives the check applies itself.
	Suppress suppress.Policy
	// FactsOnly computes and exports only the facts other packages
	// import, and skips the checks: for runs whose diagnostics are
	// discarded (go vet analyses each dependency of the vetted packages
	// only for its facts, a "VetxOnly" unit). No finding is reported.
	FactsOnly bool
}

// New returns a globalgrowth analyzer that runs with cfg. Its flag set
// writes to its own copy of cfg: analyzers from different calls share no
// state.
func New(cfg Config) *goanalysis.Analyzer {
	a := &goanalysis.Analyzer{
		Name:      "globalgrowth",
		Doc:       analysisdoc.MustExtract(doc, "globalgrowth"),
		URL:       url,
		Requires:  []*goanalysis.Analyzer{buildssa.Analyzer, lifetime.Analyzer},
		FactTypes: []goanalysis.Fact{(*Grows)(nil)},
	}
	a.Flags.BoolVar(&cfg.Exported, "exported", cfg.Exported, "also report exported package-level collections")
	a.Run = func(pass *goanalysis.Pass) (any, error) { return run(pass, cfg) }
	return a
}

// analysis is the state of one run on one package.
type analysis struct {
	pass    *goanalysis.Pass
	cfg     Config
	report  *suppress.Reporter
	funcs   []*ssa.Function
	graph   *summary.Graph
	inPkg   map[*ssa.Function]bool
	sums    *summary.Table[*fnSummary]
	effects map[*ssa.Function][]effect
	life    *lifetime.Info
	inTest  map[*ssa.Function]bool
	// keys memoises key provenance; verdicts holds, for every growth
	// that leaves its collection unbounded, how it counts (see growth).
	keys     *keyState
	verdicts map[growthAt]growth
	// fixedMaps memoises fixedMap (an allow-list test scans the package).
	fixedMaps map[*ssa.Global]bool
	callees   map[*ssa.Function][]*ssa.Function
}

// candidate is a package-level collection the check may report.
type candidate struct {
	c    coll
	v    *types.Var
	kind kind
	name string
}

func run(pass *goanalysis.Pass, cfg Config) (any, error) {
	res := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	a := &analysis{
		pass:    pass,
		cfg:     cfg,
		report:  suppress.New(pass, "globalgrowth", cfg.Suppress.DiscardIf(cfg.FactsOnly)),
		funcs:   pass.ResultOf[lifetime.Analyzer].(*lifetime.Result).Funcs,
		graph:   pass.ResultOf[lifetime.Analyzer].(*lifetime.Result).Graph,
		effects: make(map[*ssa.Function][]effect),
		inTest:  make(map[*ssa.Function]bool),
	}
	a.inPkg = make(map[*ssa.Function]bool, len(a.funcs))
	for _, fn := range a.funcs {
		a.inPkg[fn] = true
		if ssaq.InTestFile(pass.Fset, fn.Pos()) {
			a.inTest[fn] = true
		}
	}
	a.life = pass.ResultOf[lifetime.Analyzer].(*lifetime.Result).Info
	a.summarise() // isolates failures per function
	// A failure in the package-wide phases loses this package's findings,
	// never the run.
	if a.life == nil {
		return nil, nil
	}
	guard.Run(guard.Package(pass.Pkg.Path()), func() {
		var reportable map[coll]candidate
		// Facts name the package's own growing globals, except the
		// standard library's (see exportFacts): only then are they needed
		// for facts alone.
		if !cfg.FactsOnly || !goroot.Contains(pass) {
			reportable = a.checkGlobals(a.candidates(res.Pkg))
		}
		if !cfg.FactsOnly {
			a.checkImportedGrowers()
		}
		a.exportFacts(reportable)
	})
	return nil, nil
}

// summarise computes every function's effects and parameter summary on the
// shared summary engine.
func (a *analysis) summarise() {
	a.sums = summary.New(a.pass, a.graph, summary.Spec[*fnSummary]{
		Transfer: func(fn *ssa.Function) *fnSummary {
			effs := a.effectsOf(fn)
			a.effects[fn] = effs
			return paramSummary(fn, effs)
		},
		Equal:  (*fnSummary).equal,
		Bottom: newFnSummary,
		Import: func(obj *types.Func) (*fnSummary, bool) {
			var fact Grows
			if a.pass.ImportObjectFact(obj, &fact) {
				return fact.summary(), true
			}
			return nil, false
		},
	})
	a.sums.Solve()
}

func paramSummary(fn *ssa.Function, effs []effect) *fnSummary {
	s := newFnSummary()
	for _, e := range effs {
		p, ok := e.c.root.(*ssa.Parameter)
		if !ok || e.kind == grow && e.guarded || !holdsCollections(e.c) {
			continue
		}
		for i, q := range fn.Params {
			if q == p {
				pe := ParamEffect{Param: i, Field: e.c.field, Effect: int(e.kind), KeyParam: -1, PerKey: e.perKey}
				if e.kind == grow && e.key != nil {
					pe.KeyParam = paramIndex(fn, e.key)
				}
				s.params[pe] = true
			}
		}
	}
	return s
}

// summaryOf returns what calling fn does to collections: the package's own
// summary, an imported fact, an empty summary for another package's
// function without a fact, or nil when fn is unknown.
func (a *analysis) summaryOf(fn *ssa.Function) *fnSummary {
	s, src := a.sums.Lookup(fn)
	if src == summary.Unknown {
		return nil
	}
	return s
}

// candidates lists the package-level collections the check considers.
func (a *analysis) candidates(pkg *ssa.Package) []candidate {
	var out []candidate
	scope := a.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		v, ok := scope.Lookup(name).(*types.Var)
		if !ok || name == "_" || v.Exported() && !a.cfg.Exported {
			continue
		}
		if a.pass.Fset.File(v.Pos()) == nil || ssaq.InTestFile(a.pass.Fset, v.Pos()) {
			continue
		}
		g := pkg.Var(name)
		if g == nil {
			continue
		}
		if k := collKind(v.Type()); k != notColl {
			out = append(out, candidate{coll{g, -1}, v, k, name})
			continue
		}
		if st := structOf(v.Type()); st != nil {
			for i := 0; i < st.NumFields(); i++ {
				f := st.Field(i)
				if k := collKind(f.Type()); k != notColl && (f.Exported() || true) {
					out = append(out, candidate{coll{g, i}, v, k, name + "." + f.Name()})
				}
			}
		}
	}
	return out
}
