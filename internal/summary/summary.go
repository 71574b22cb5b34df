// Package summary is the suite's one interprocedural summary engine: a
// worklist fixpoint over one package's call graph, one rule for which
// functions export their summary as an analysis fact, and one lookup that
// returns a function's summary whether it was computed here or imported
// from another package's fact.
//
// A check supplies only its summary type S, the per-function transfer
// (which may ask the table for its callees' summaries) and an equality that
// compares every field of S. The engine owns the rest:
//
//   - Order: functions are evaluated first in the order given (ssaq.PackageFuncs
//     order: source order, closures after their parent), then from a FIFO
//     worklist. The result is deterministic.
//   - Dependencies: a function depends on every function of the package it
//     calls statically, defers, starts with go, makes a closure of, or
//     mentions as a func value. When a function's summary changes, the
//     functions that depend on it are evaluated again.
//   - Bound: one function is evaluated at most MaxEvals times. Summaries of
//     a well-behaved transfer (monotone over a finite domain) settle long
//     before; past the bound the last summary stands, so a non-monotone
//     transfer cannot make the pass loop.
//   - Failures: a transfer that panics is reported by internal/guard and
//     the function keeps the check's bottom summary.
//
// # Which functions export a fact
//
// ExportFacts exports the summary of every function other packages can call
// by name: a package-level function or method whose name is exported
// (whatever its receiver type), declared in a non-test file of a package
// that is not a main package. Closures, synthetic wrappers and generic
// instances export nothing: a generic function's fact is its origin's, and
// Lookup maps an instance (here or imported) to its origin. The check
// decides per summary whether it is worth a fact (an empty summary usually
// is not; Lookup then reports Absent).
package summary

import (
	"go/types"

	"github.com/leakvet/leakvet/internal/guard"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// MaxEvals bounds how many times one function's summary is evaluated.
const MaxEvals = 8

// Spec is what a check supplies.
type Spec[S any] struct {
	// Transfer computes fn's summary. It may call Table.Lookup for other
	// functions, including ones not yet evaluated (they answer Bottom).
	Transfer func(fn *ssa.Function) S
	// Equal reports whether two summaries are the same in every field.
	Equal func(a, b S) bool
	// Bottom returns the summary of a function not yet evaluated, or whose
	// transfer failed: "does nothing" for the check.
	Bottom func() S
	// Import reads obj's fact, if any (nil: the check has no facts).
	Import func(obj *types.Func) (S, bool)
	// Changed, if set, is called after fn's summary changed, before its
	// dependents are evaluated again (for caches that depend on summaries).
	Changed func(fn *ssa.Function)
}

// Source says where Lookup found a summary.
type Source uint8

const (
	// Unknown: no summary can be had (a dynamic call, a function of another
	// package that is not an exported declared function, or a synthetic
	// function of this package that was not summarised).
	Unknown Source = iota
	// Own: computed in this package (possibly still Bottom during Solve).
	Own
	// Imported: read from another package's fact.
	Imported
	// Absent: an exported function of another package with no fact: that
	// package was analysed and its summary was empty.
	Absent
)

// Table holds one package's summaries.
type Table[S any] struct {
	pass     *analysis.Pass
	spec     Spec[S]
	graph    *Graph
	own      map[*ssa.Function]S
	done     map[*ssa.Function]bool
	imported map[*types.Func]importEntry[S]
}

type importEntry[S any] struct {
	s      S
	ok     bool
	absent bool // no fact, and the function is exported: Absent
}

// New returns an empty table for funcs, all functions of pass's package
// (ssaq.PackageFuncs).
func New[S any](pass *analysis.Pass, g *Graph, spec Spec[S]) *Table[S] {
	return &Table[S]{
		pass:     pass,
		spec:     spec,
		graph:    g,
		own:      make(map[*ssa.Function]S, len(g.funcs)),
		done:     make(map[*ssa.Function]bool, len(g.funcs)),
		imported: make(map[*types.Func]importEntry[S]),
	}
}

// Graph is what every table of one package shares: the package's
// functions and, for each, the functions whose summaries may depend on
// its (its callers, and the parents of closures). It is computed once per
// package (lifetime.Result holds it) for all the checks' tables.
type Graph struct {
	funcs []*ssa.Function
	inPkg map[*ssa.Function]bool
	deps  map[*ssa.Function][]*ssa.Function
}

// NewGraph returns the graph of funcs, the package's functions
// (ssaq.PackageFuncs).
func NewGraph(funcs []*ssa.Function) *Graph {
	g := &Graph{funcs: funcs, inPkg: make(map[*ssa.Function]bool, len(funcs))}
	for _, fn := range funcs {
		g.inPkg[fn] = true
	}
	g.deps = g.dependents()
	return g
}

// Funcs returns the package's functions, in the order tables evaluate
// them first.
func (g *Graph) Funcs() []*ssa.Function { return g.funcs }

// Solve evaluates every function until the summaries settle (or MaxEvals).
func (t *Table[S]) Solve() {
	deps := t.graph.deps
	evals := make(map[*ssa.Function]int, len(t.graph.funcs))
	queued := make(map[*ssa.Function]bool, len(t.graph.funcs))
	work := append([]*ssa.Function(nil), t.graph.funcs...)
	for _, fn := range work {
		queued[fn] = true
	}
	for len(work) > 0 {
		fn := work[0]
		work = work[1:]
		queued[fn] = false
		if evals[fn] >= MaxEvals {
			continue
		}
		evals[fn]++
		s := t.spec.Bottom()
		guard.Run(fn, func() { s = t.spec.Transfer(fn) })
		old, seen := t.own[fn], t.done[fn]
		t.own[fn], t.done[fn] = s, true
		if seen && t.spec.Equal(old, s) || !seen && t.spec.Equal(t.spec.Bottom(), s) {
			continue
		}
		if t.spec.Changed != nil {
			t.spec.Changed(fn)
		}
		for _, d := range deps[fn] {
			if !queued[d] {
				queued[d] = true
				work = append(work, d)
			}
		}
	}
}

// dependents maps each function to the functions of the package whose
// summaries may depend on it, in a deterministic order.
func (g *Graph) dependents() map[*ssa.Function][]*ssa.Function {
	deps := make(map[*ssa.Function][]*ssa.Function)
	for _, fn := range g.funcs {
		seen := make(map[*ssa.Function]bool)
		add := func(callee *ssa.Function) {
			if callee == nil {
				return
			}
			if callee.Origin() != nil {
				callee = callee.Origin()
			}
			if g.inPkg[callee] && !seen[callee] {
				seen[callee] = true
				deps[callee] = append(deps[callee], fn)
			}
		}
		for _, anon := range fn.AnonFuncs {
			add(anon) // a parent may read its closures' summaries
		}
		var ops []*ssa.Value
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok {
					add(ssaq.Callee(call.Common()))
				}
				ops = instr.Operands(ops[:0])
				for _, op := range ops {
					if op != nil && *op != nil {
						add(ssaq.FuncValue(*op))
					}
				}
			}
		}
	}
	return deps
}

// Own returns the summary computed for fn in this package (Bottom if fn is
// not one of the package's functions or not yet evaluated).
func (t *Table[S]) Own(fn *ssa.Function) S {
	if fn != nil && fn.Origin() != nil {
		fn = fn.Origin()
	}
	if s, ok := t.own[fn]; ok {
		return s
	}
	return t.spec.Bottom()
}

// Lookup returns fn's summary: the package's own (for its functions and
// instances of its generic functions), or the fact of a function declared
// in another package, and where it came from.
func (t *Table[S]) Lookup(fn *ssa.Function) (S, Source) {
	if fn == nil {
		return t.spec.Bottom(), Unknown
	}
	if fn.Origin() != nil {
		fn = fn.Origin()
	}
	if t.graph.inPkg[fn] {
		return t.Own(fn), Own
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || t.spec.Import == nil {
		return t.spec.Bottom(), Unknown
	}
	if obj.Pkg() == t.pass.Pkg {
		return t.spec.Bottom(), Unknown // a synthetic wrapper we did not summarise
	}
	e, cached := t.imported[obj]
	if !cached {
		e.s, e.ok = t.spec.Import(obj)
		e.absent = !e.ok && Exports(t.pass, obj)
		t.imported[obj] = e
	}
	switch {
	case e.ok:
		return e.s, Imported
	case e.absent:
		return t.spec.Bottom(), Absent
	}
	return t.spec.Bottom(), Unknown
}

// ExportFacts exports, for every function that the package-wide rule (see
// the package comment) allows, the fact fact returns for its summary; fact
// returns nil for a summary not worth exporting.
func (t *Table[S]) ExportFacts(fact func(fn *ssa.Function, s S) analysis.Fact) {
	if t.pass.Pkg.Name() == "main" {
		return
	}
	for _, fn := range t.graph.funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || fn.Origin() != nil || fn.Synthetic != "" || obj.Pkg() != t.pass.Pkg || !Exports(t.pass, obj) {
			continue
		}
		if f := fact(fn, t.Own(fn)); f != nil {
			t.pass.ExportObjectFact(obj, f)
		}
	}
}

// Exports reports whether obj is a function whose summary the rule exports
// as a fact: exported name, declared in a non-test file of a non-main
// package. It holds for obj of another package as well (then the pass's
// file set is used to tell test files).
func Exports(pass *analysis.Pass, obj *types.Func) bool {
	if obj == nil || !obj.Exported() || obj.Pkg() == nil || obj.Pkg().Name() == "main" {
		return false
	}
	return !ssaq.InTestFile(pass.Fset, obj.Pos())
}
