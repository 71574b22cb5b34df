package globalgrowth

import (
	_ "embed"
	"fmt"
	"go/token"
	"go/types"
	"maps"
	"sort"
	"strings"

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

// Grows is the fact exported for a function that grows collections: the
// unbounded package-level collections a call adds to (in the function's own
// package or, through its callees, in others), and what it does to the
// collections passed as parameters.
type Grows struct {
	Globals []GlobalGrowth
	Params  []ParamEffect
}

// GlobalGrowth names a package-level collection that grows without bound.
type GlobalGrowth struct {
	PkgPath, PkgName string
	Name             string // "seen", or "state.byID" for a field
	Kind             string // "map", "slice", "sync.Map", "list"
}

// ParamEffect says that a function grows (0), bounds (1) or loses track of
// (2) the collection in parameter Param (Field -1), or in one field of the
// struct it points to.
type ParamEffect struct {
	Param, Field int
	Effect       int
}

func (*Grows) AFact() {}

func (g *Grows) String() string {
	var parts []string
	for _, gg := range g.Globals {
		parts = append(parts, fmt.Sprintf("grows %s %s.%s", gg.Kind, gg.PkgPath, gg.Name))
	}
	for _, p := range g.Params {
		parts = append(parts, fmt.Sprintf("%s param %d field %d", [...]string{"grows", "bounds", "escapes"}[p.Effect], p.Param, p.Field))
	}
	sort.Strings(parts)
	return "Grows(" + strings.Join(parts, "; ") + ")"
}

func (g *Grows) summary() *fnSummary {
	s := newFnSummary()
	for _, p := range g.Params {
		s.params[p] = true
	}
	for _, gg := range g.Globals {
		s.globals[gg] = true
	}
	return s
}

// words holds how messages speak of each kind of collection.
var words = map[kind]struct {
	name, grows, grow, growsInto, unbounded, fix string
}{
	mapColl:     {"map", "adds entries", "add entries", "adds entries to", "nothing deletes them", "evict entries or bound the map"},
	sliceColl:   {"slice", "appends to it", "append to it", "appends to", "nothing truncates or resets it", "trim or reset the slice, or bound its length"},
	syncMapColl: {"sync.Map", "stores entries", "store entries", "stores entries in", "nothing deletes them", "delete entries or bound the map"},
	listColl:    {"list", "pushes elements", "push elements", "pushes elements onto", "nothing removes them", "remove elements or bound the list"},
}

func kindByName(name string) kind {
	for k, w := range words {
		if w.name == name {
			return k
		}
	}
	return notColl
}

// analysis is the state of one run on one package.
type analysis struct {
	pass    *goanalysis.Pass
	cfg     Config
	report  *suppress.Reporter
	funcs   []*ssa.Function
	inPkg   map[*ssa.Function]bool
	sums    *summary.Table[*fnSummary]
	effects map[*ssa.Function][]effect
	life    *lifetime.Info
	inTest  map[*ssa.Function]bool
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
		report:  suppress.New(pass, "globalgrowth", cfg.Suppress),
		funcs:   pass.ResultOf[lifetime.Analyzer].(*lifetime.Result).Funcs,
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
	a.summarise() // isolates failures per function
	// A failure in the package-wide phases loses this package's findings,
	// never the run.
	a.life = pass.ResultOf[lifetime.Analyzer].(*lifetime.Result).Info
	if a.life == nil {
		return nil, nil
	}
	guard.Run(guard.Package(pass.Pkg.Path()), func() {
		reportable := a.checkGlobals(a.candidates(res.Pkg))
		a.checkImportedGrowers()
		a.exportFacts(reportable)
	})
	return nil, nil
}

// summarise computes every function's effects and parameter summary on the
// shared summary engine.
func (a *analysis) summarise() {
	a.sums = summary.New(a.pass, a.funcs, summary.Spec[*fnSummary]{
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
				s.params[ParamEffect{Param: i, Field: e.c.field, Effect: int(e.kind)}] = true
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

// checkGlobals reports the candidates that grow in repeated code with no
// evidence of a bound, and returns the unbounded ones (for facts).
func (a *analysis) checkGlobals(cands []candidate) map[coll]candidate {
	if len(cands) == 0 {
		return nil
	}
	byColl := make(map[coll]*candidate, len(cands))
	for i := range cands {
		byColl[cands[i].c] = &cands[i]
	}
	type state struct {
		bounded bool
		grows   []effect
	}
	states := make(map[coll]*state, len(cands))
	for _, c := range cands {
		states[c.c] = &state{}
	}
	for _, fn := range a.funcs {
		for _, e := range a.effects[fn] {
			if !e.c.ok() {
				continue
			}
			targets := []coll{e.c}
			if e.c.field == allFields {
				targets = targets[:0]
				for c := range states {
					if c.root == e.c.root {
						targets = append(targets, c)
					}
				}
			}
			for _, t := range targets {
				st := states[t]
				if st == nil {
					continue
				}
				switch e.kind {
				case bound:
					if ctx := a.life.At(e.instr); !(ctx.Runs == lifetime.Once && ctx.InitTime) {
						st.bounded = true
					}
				case escape:
					st.bounded = true
				case grow:
					if !e.guarded && !a.inTest[fn] && !a.constantKeyed(e, 3) && !a.hookRegistration(byColl[t], fn) {
						st.grows = append(st.grows, e)
					}
				}
			}
		}
	}
	unbounded := make(map[coll]candidate)
	for _, cand := range cands {
		st := states[cand.c]
		if st.bounded || len(st.grows) == 0 || a.report.Suppressed(cand.v.Pos()) {
			continue
		}
		unbounded[cand.c] = cand
		var repeated []effect
		var whys []string
		for _, e := range st.grows {
			if ctx := a.life.At(e.instr); ctx.Runs == lifetime.Repeatedly {
				repeated = append(repeated, e)
				whys = append(whys, ctx.Why)
			}
		}
		if len(repeated) == 0 {
			continue
		}
		a.reportGlobal(cand, repeated, whys)
	}
	return unbounded
}

// hookRegistration reports whether growth in fn registers a callback
// through the package's API: an exported function or method adding to a
// collection of funcs (OnInitialize(f), AddHook(h)), which callers use at
// start-up. Callbacks added by the package's own repeated code still count,
// also when that code calls the exported function.
func (a *analysis) hookRegistration(cand *candidate, fn *ssa.Function) bool {
	if cand == nil {
		return false
	}
	var elem types.Type
	switch t := typeOf(cand.c).Underlying().(type) {
	case *types.Slice:
		elem = t.Elem()
	case *types.Map:
		elem = t.Elem()
	default:
		return false
	}
	if _, isFunc := elem.Underlying().(*types.Signature); !isFunc {
		return false
	}
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if obj := fn.Object(); obj == nil || !obj.Exported() {
		return false
	}
	calls, asValue := a.life.Callers(fn)
	if asValue {
		return false
	}
	for _, call := range calls {
		if a.life.At(call).Runs == lifetime.Repeatedly {
			return false
		}
	}
	return true
}

// constantKeyed reports whether a growth's key is a parameter of an
// unexported function that every caller in the package passes a bounded
// key for (a constant, an enum value, ...): metric("requests").
func (a *analysis) constantKeyed(e effect, depth int) bool {
	return e.key != nil && a.boundedArg(e.key, depth)
}

func (a *analysis) boundedArg(v ssa.Value, depth int) bool {
	v = ssaq.Unwrap(v)
	if boundedKey(v) {
		return true
	}
	p, ok := v.(*ssa.Parameter)
	if !ok || depth == 0 {
		return false
	}
	fn := p.Parent()
	if obj := fn.Object(); obj == nil || obj.Exported() {
		return false
	}
	idx := -1
	for i, q := range fn.Params {
		if q == p {
			idx = i
		}
	}
	calls, asValue := a.life.Callers(fn)
	if idx < 0 || asValue || len(calls) == 0 {
		return false
	}
	for _, call := range calls {
		args := call.Common().Args
		if idx >= len(args) || !a.boundedArg(args[idx], depth-1) {
			return false
		}
	}
	return true
}

func (a *analysis) reportGlobal(cand candidate, grows []effect, whys []string) {
	w := words[cand.kind]
	var names []string
	seen := make(map[string]bool)
	var related []goanalysis.RelatedInformation
	for i, e := range grows {
		name := ssaq.Name(e.instr.Parent())
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
		if len(related) < 8 && e.instr.Pos().IsValid() {
			related = append(related, goanalysis.RelatedInformation{
				Pos:     e.instr.Pos(),
				Message: fmt.Sprintf("%s grows here, %s", cand.name, whys[i]),
			})
		}
	}
	who, verb := names[0], w.grows
	switch len(names) {
	case 1:
	case 2:
		who, verb = names[0]+" and "+names[1], w.grow
	default:
		who, verb = fmt.Sprintf("%s, %s and %d more", names[0], names[1], len(names)-2), w.grow
	}
	a.report.Report(goanalysis.Diagnostic{
		Pos:      cand.v.Pos(),
		End:      cand.v.Pos() + token.Pos(len(cand.v.Name())),
		Category: "unbounded-global",
		Message: fmt.Sprintf("package-level %s %q grows without bound: %s %s and %s; %s",
			w.name, cand.name, who, verb, w.unbounded, w.fix),
		Related: related,
	})
}

// checkImportedGrowers reports calls, in repeated code, to other packages'
// functions that grow their package's unbounded collections.
func (a *analysis) checkImportedGrowers() {
	for _, fn := range a.funcs {
		if a.inTest[fn] {
			continue
		}
		for _, e := range a.effects[fn] {
			if e.viaFact == nil {
				continue
			}
			ctx := a.life.At(e.instr)
			if ctx.Runs != lifetime.Repeatedly {
				continue
			}
			g := e.viaFact
			w := words[kindByName(g.Kind)]
			a.report.Report(goanalysis.Diagnostic{
				Pos:      e.instr.Pos(),
				Category: "unbounded-global-call",
				Message: fmt.Sprintf("%s %s package-level %s %q of package %s, where %s, and runs here repeatedly (%s); bound the %s in %s or call it once",
					ssaq.CalleeName(e.via, a.pass.Pkg), w.growsInto, w.name, g.Name, g.PkgName,
					w.unbounded, ctx.Why, w.name, g.PkgName),
			})
		}
	}
}

// exportFacts records, for functions other packages can call, what they do
// to collections: parameters, and unbounded globals they grow (transitively).
func (a *analysis) exportFacts(unbounded map[coll]candidate) {
	// The standard library's growing globals are caches keyed by types,
	// names and the like, bounded in practice and not the caller's to fix:
	// keep them out of dependent packages' reports.
	stdlib := goroot.Contains(a.pass)
	own := make(map[*ssa.Function]map[GlobalGrowth]bool)
	for _, fn := range a.funcs {
		set := make(map[GlobalGrowth]bool)
		if !isRegisterFunc(fn) {
			for _, e := range a.effects[fn] {
				if e.kind != grow || e.guarded {
					continue
				}
				if e.viaFact != nil || stdlib {
					continue // facts name only the function's own package's globals
				} else if cand, ok := unbounded[e.c]; ok {
					set[GlobalGrowth{a.pass.Pkg.Path(), a.pass.Pkg.Name(), cand.name, words[cand.kind].name}] = true
				}
			}
		}
		own[fn] = set
	}
	// What a call grows transitively: its own growth and its in-package
	// callees', on the summary engine.
	var globals *summary.Table[map[GlobalGrowth]bool]
	globals = summary.New(a.pass, a.funcs, summary.Spec[map[GlobalGrowth]bool]{
		Transfer: func(fn *ssa.Function) map[GlobalGrowth]bool {
			set := maps.Clone(own[fn])
			if isRegisterFunc(fn) {
				return set
			}
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					call, ok := instr.(ssa.CallInstruction)
					if !ok || call.Common().IsInvoke() {
						continue
					}
					callee := ssaq.Callee(call.Common())
					if callee == nil || !a.inPkg[callee] || callee == fn {
						continue
					}
					for g := range globals.Own(callee) {
						set[g] = true
					}
				}
			}
			return set
		},
		Equal:  maps.Equal[map[GlobalGrowth]bool, map[GlobalGrowth]bool],
		Bottom: func() map[GlobalGrowth]bool { return map[GlobalGrowth]bool{} },
	})
	globals.Solve()
	a.sums.ExportFacts(func(fn *ssa.Function, s *fnSummary) goanalysis.Fact {
		fact := &Grows{}
		for p := range s.params {
			fact.Params = append(fact.Params, p)
		}
		for g := range globals.Own(fn) {
			fact.Globals = append(fact.Globals, g)
		}
		if len(fact.Params) == 0 && len(fact.Globals) == 0 {
			return nil
		}
		sort.Slice(fact.Params, func(i, j int) bool {
			x, y := fact.Params[i], fact.Params[j]
			if x.Param != y.Param {
				return x.Param < y.Param
			}
			if x.Field != y.Field {
				return x.Field < y.Field
			}
			return x.Effect < y.Effect
		})
		sort.Slice(fact.Globals, func(i, j int) bool {
			return fact.Globals[i].PkgPath+"."+fact.Globals[i].Name < fact.Globals[j].PkgPath+"."+fact.Globals[j].Name
		})
		return fact
	})
}
