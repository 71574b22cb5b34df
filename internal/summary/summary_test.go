package summary

import (
	"go/types"
	"slices"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/internal/ssaq"
	"github.com/leakvet/leakvet/internal/ssatest"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// calls is a toy summary: the set of names of package functions a function
// reaches through static calls (its own name included), sorted.
type calls []string

// reach is a transfer over calls: its own name plus its callees' summaries.
func reach(tab **Table[calls], evals map[string]int) func(fn *ssa.Function) calls {
	return func(fn *ssa.Function) calls {
		evals[fn.Name()]++
		set := map[string]bool{fn.Name(): true}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if c, ok := instr.(ssa.CallInstruction); ok {
					if callee := ssaq.Callee(c.Common()); callee != nil {
						s, _ := (*tab).Lookup(callee)
						for _, n := range s {
							set[n] = true
						}
					}
				}
			}
		}
		var out calls
		for n := range set {
			out = append(out, n)
		}
		slices.Sort(out)
		return out
	}
}

const src = `package p

func A() { b() }
func b() { c() }
func c() { d() }
func d() {}

// Mutual recursion: the fixpoint must close the cycle.
func E() { f() }
func f() { g() }
func g() { f(); d() }

func H(fn func()) { fn() }
func I() { H(func() { d() }) }

func Boom() { d() }
`

func solve(t *testing.T, spec func(tab **Table[calls]) Spec[calls]) (*Table[calls], []*ssa.Function) {
	t.Helper()
	fset, res := ssatest.Build(t, src)
	pass := &analysis.Pass{Fset: fset, Pkg: res.Pkg.Pkg}
	var tab *Table[calls]
	tab = New(pass, NewGraph(res.SrcFuncs), spec(&tab))
	tab.Solve()
	return tab, res.SrcFuncs
}

func fn(t *testing.T, funcs []*ssa.Function, name string) *ssa.Function {
	t.Helper()
	for _, f := range funcs {
		if f.Name() == name {
			return f
		}
	}
	t.Fatalf("no function %s", name)
	return nil
}

func TestSolveReachesFixpoint(t *testing.T) {
	t.Parallel()
	evals := map[string]int{}
	tab, funcs := solve(t, func(tab **Table[calls]) Spec[calls] {
		return Spec[calls]{Transfer: reach(tab, evals), Equal: slices.Equal[calls], Bottom: func() calls { return nil }}
	})
	for name, want := range map[string]string{
		"A": "A b c d", // callees evaluated after their callers still propagate up
		"E": "E d f g",
		"f": "d f g", // the cycle settles
		"g": "d f g",
		"d": "d",
	} {
		if got := strings.Join(tab.Own(fn(t, funcs, name)), " "); got != want {
			t.Errorf("summary of %s = %q, want %q", name, got, want)
		}
	}
	for name, n := range evals {
		if n > MaxEvals {
			t.Errorf("%s evaluated %d times, more than MaxEvals", name, n)
		}
	}
	// A is evaluated first (with b unknown), then again as b's summary
	// changes: a worklist re-evaluates callers, not the whole package.
	if evals["d"] != 1 {
		t.Errorf("d, which calls nothing, was evaluated %d times, want 1", evals["d"])
	}
}

func TestSolveIsDeterministic(t *testing.T) {
	t.Parallel()
	var first []string
	for i := 0; i < 5; i++ {
		var order []string
		solve(t, func(tab **Table[calls]) Spec[calls] {
			evals := map[string]int{}
			r := reach(tab, evals)
			return Spec[calls]{
				Transfer: func(fn *ssa.Function) calls { order = append(order, fn.Name()); return r(fn) },
				Equal:    slices.Equal[calls], Bottom: func() calls { return nil },
			}
		})
		if i == 0 {
			first = order
		} else if !slices.Equal(order, first) {
			t.Fatalf("evaluation order differs between runs:\n%v\n%v", first, order)
		}
	}
}

// A transfer that never settles stops at MaxEvals.
func TestSolveBound(t *testing.T) {
	t.Parallel()
	evals2 := map[string]int{}
	solve(t, func(tab **Table[calls]) Spec[calls] {
		return Spec[calls]{
			Transfer: func(fn *ssa.Function) calls {
				evals2[fn.Name()]++
				return calls{strings.Repeat("x", evals2[fn.Name()])} // always changes
			},
			Equal:  slices.Equal[calls],
			Bottom: func() calls { return nil },
		}
	})
	if evals2["f"] != MaxEvals || evals2["g"] != MaxEvals {
		t.Errorf("f, g on a cycle with a never-settling transfer evaluated %d, %d times, want MaxEvals=%d", evals2["f"], evals2["g"], MaxEvals)
	}
	if evals2["d"] != 1 {
		t.Errorf("d, which depends on nothing, evaluated %d times, want 1", evals2["d"])
	}
}

// A transfer that panics leaves Bottom for that function and the others'
// summaries intact.
func TestSolveKeepsOthersOnPanic(t *testing.T) {
	t.Parallel()
	evals := map[string]int{}
	tab, funcs := solve(t, func(tab **Table[calls]) Spec[calls] {
		r := reach(tab, evals)
		return Spec[calls]{
			Transfer: func(fn *ssa.Function) calls {
				if fn.Name() == "Boom" {
					panic("boom")
				}
				return r(fn)
			},
			Equal: slices.Equal[calls], Bottom: func() calls { return nil },
		}
	})
	if got := tab.Own(fn(t, funcs, "Boom")); got != nil {
		t.Errorf("failed function has summary %v, want Bottom", got)
	}
	if got := strings.Join(tab.Own(fn(t, funcs, "A")), " "); got != "A b c d" {
		t.Errorf("A = %q after another function failed", got)
	}
}

func TestExportRule(t *testing.T) {
	t.Parallel()
	fset, res := ssatest.Build(t, src)
	var exported []string
	pass := &analysis.Pass{Fset: fset, Pkg: res.Pkg.Pkg, ExportObjectFact: func(obj types.Object, _ analysis.Fact) {
		exported = append(exported, obj.Name())
	}}
	tab := New(pass, NewGraph(res.SrcFuncs), Spec[calls]{
		Transfer: func(fn *ssa.Function) calls { return calls{fn.Name()} },
		Equal:    slices.Equal[calls], Bottom: func() calls { return nil },
	})
	tab.Solve()
	tab.ExportFacts(func(fn *ssa.Function, s calls) analysis.Fact {
		if fn.Name() == "Boom" {
			return nil // the check found nothing worth a fact
		}
		return fakeFact{}
	})
	// Exported package-level functions only: not b, c, d, f, g, nor I's
	// closure.
	if want := []string{"A", "E", "H", "I"}; !slices.Equal(exported, want) {
		t.Errorf("exported facts for %v, want %v", exported, want)
	}
}

type fakeFact struct{}

func (fakeFact) AFact() {}
