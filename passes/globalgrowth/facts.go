// The Grows fact: what calling an exported function does to collections,
// and its export from the package's summaries and growth verdicts.

package globalgrowth

import (
	"fmt"
	"maps"
	"sort"
	"strings"

	"github.com/leakvet/leakvet/internal/goroot"
	"github.com/leakvet/leakvet/internal/ssaq"
	"github.com/leakvet/leakvet/internal/summary"
	goanalysis "golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Grows is the fact exported for a function that grows collections: the
// unbounded package-level collections a call adds to (in the function's own
// package or, through its callees, in others), and what it does to the
// collections passed as parameters.
type Grows struct {
	Globals []GlobalGrowth
	Params  []ParamEffect
}

// GlobalGrowth names a package-level collection that grows without bound.
// KeyParam is -1 when every call grows it; otherwise the call adds an entry
// keyed by its argument KeyParam (receiver first for methods), which the
// call site judges: a constant or small-typed argument adds nothing new.
type GlobalGrowth struct {
	PkgPath, PkgName string
	Name             string // "seen", or "state.byID" for a field
	Kind             string // "map", "slice", "sync.Map", "list"
	KeyParam         int
}

// ParamEffect says that a function grows (0), bounds (1) or loses track of
// (2) the collection in parameter Param (Field -1), or in one field of the
// struct it points to. For growth, KeyParam is the parameter the inserted
// key comes from verbatim (-1: none); for a bound, PerKey marks the removal
// of single entries rather than a reset.
type ParamEffect struct {
	Param, Field int
	Effect       int
	KeyParam     int
	PerKey       bool
}

func (*Grows) AFact() {}

func (g *Grows) String() string {
	var parts []string
	for _, gg := range g.Globals {
		s := fmt.Sprintf("grows %s %s.%s", gg.Kind, gg.PkgPath, gg.Name)
		if gg.KeyParam >= 0 {
			s += fmt.Sprintf(" keyed by param %d", gg.KeyParam)
		}
		parts = append(parts, s)
	}
	for _, p := range g.Params {
		s := fmt.Sprintf("%s param %d field %d", [...]string{"grows", "bounds", "escapes"}[p.Effect], p.Param, p.Field)
		if p.KeyParam >= 0 {
			s += fmt.Sprintf(" keyed by param %d", p.KeyParam)
		}
		if p.PerKey {
			s += " per key"
		}
		parts = append(parts, s)
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

// exportFacts records, for functions other packages can call, what they do
// to collections: parameters, and unbounded globals they grow (transitively).
func (a *analysis) exportFacts(unbounded map[coll]candidate) {
	// The standard library's growing globals are caches keyed by types,
	// names and the like, bounded in practice and not the caller's to fix:
	// keep them out of dependent packages' reports.
	stdlib := goroot.Contains(a.pass)
	own := make(map[*ssa.Function]map[GlobalGrowth]bool)
	for _, fn := range a.funcs {
		if own[fn] == nil {
			own[fn] = make(map[GlobalGrowth]bool)
		}
		if isRegisterFunc(fn) {
			continue
		}
		for _, e := range a.effects[fn] {
			if e.kind != grow || e.guarded || e.viaFact != nil || stdlib {
				continue // facts name only the function's own package's globals
			}
			cand, ok := unbounded[e.c]
			g, counted := a.verdicts[growthAt{e.instr, e.c}]
			if !ok || !counted {
				continue // a bounded key, or a collection bounded elsewhere
			}
			gg := GlobalGrowth{a.pass.Pkg.Path(), a.pass.Pkg.Name(), cand.name, words[cand.kind].name, -1}
			if g.origin.kind != keyCaller || len(g.origin.callers) == 0 {
				own[fn][gg] = true
				continue
			}
			// The key is an exported function's parameter: its fact
			// says which, and each call site judges its argument.
			for _, c := range g.origin.callers {
				gg.KeyParam = c.param
				if own[c.fn] == nil {
					own[c.fn] = make(map[GlobalGrowth]bool)
				}
				own[c.fn][gg] = true
			}
		}
	}
	// What a call grows transitively: its own growth and its in-package
	// callees', on the summary engine.
	var globals *summary.Table[map[GlobalGrowth]bool]
	globals = summary.New(a.pass, a.graph, summary.Spec[map[GlobalGrowth]bool]{
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
						if g.KeyParam >= 0 {
							continue // the key's origin already named fn if its parameters decide it
						}
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
