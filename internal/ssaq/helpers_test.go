package ssaq

import (
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/internal/ssatest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// testPkg is one package built from source, the way buildssa builds it.
type testPkg struct {
	fset *token.FileSet
	pkg  *ssa.Package
	res  *buildssa.SSA
}

// build parses, type-checks and builds src (see ssatest.Build).
func build(t testing.TB, src string) *testPkg {
	t.Helper()
	fset, res := ssatest.Build(t, src)
	return &testPkg{fset: fset, pkg: res.Pkg, res: res}
}

// fn returns the package-level function name, or the method "T.m" / "(*T).m"
// (the receiver form only selects the method set; the result is the method
// as declared), or a closure "outer$1".
func (p *testPkg) fn(t testing.TB, name string) *ssa.Function {
	t.Helper()
	if i := strings.IndexByte(name, '$'); i > 0 {
		outer := p.fn(t, name[:i])
		for _, anon := range allAnons(outer) {
			if anon.Name() == name[strings.LastIndexByte(name, '.')+1:] || anon.Name() == name {
				return anon
			}
		}
		t.Fatalf("no closure %s", name)
	}
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		recv, meth := name[:i], name[i+1:]
		ptr := strings.HasPrefix(recv, "(*")
		recv = strings.Trim(recv, "(*)")
		obj := p.pkg.Pkg.Scope().Lookup(recv)
		if obj == nil {
			t.Fatalf("no type %s", recv)
		}
		var typ types.Type = obj.Type()
		if ptr {
			typ = types.NewPointer(typ)
		}
		sel := p.pkg.Prog.MethodSets.MethodSet(typ).Lookup(p.pkg.Pkg, meth)
		if sel == nil {
			t.Fatalf("no method %s", name)
		}
		fn := p.pkg.Prog.MethodValue(sel)
		if fn.Synthetic != "" {
			// A wrapper (e.g. (*T).m for a value method): return the declared one.
			fn = p.pkg.Prog.FuncValue(sel.Obj().(*types.Func))
		}
		return fn
	}
	fn := p.pkg.Func(name)
	if fn == nil {
		t.Fatalf("no function %s", name)
	}
	return fn
}

func allAnons(fn *ssa.Function) []*ssa.Function {
	var out []*ssa.Function
	for _, a := range fn.AnonFuncs {
		out = append(out, a)
		out = append(out, allAnons(a)...)
	}
	return out
}

// calls returns the call instructions (calls, defers, go) in fn, in block
// order, whose callee is named name: a function's or builtin's name, or the
// method name of an invoke or static method call.
func calls(fn *ssa.Function, name string) []ssa.CallInstruction {
	var out []ssa.CallInstruction
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if calleeName(c.Common()) == name {
				out = append(out, c)
			}
		}
	}
	return out
}

func calleeName(c *ssa.CallCommon) string {
	if c.IsInvoke() {
		return c.Method.Name()
	}
	switch v := c.Value.(type) {
	case *ssa.Function:
		return v.Name()
	case *ssa.Builtin:
		return v.Name()
	case *ssa.MakeClosure:
		return v.Fn.Name()
	}
	return ""
}

// call returns the only call to name in fn.
func call(t testing.TB, fn *ssa.Function, name string) ssa.CallInstruction {
	t.Helper()
	cs := calls(fn, name)
	if len(cs) != 1 {
		t.Fatalf("%s: %d calls to %s, want 1:\n%s", fn.Name(), len(cs), name, dump(fn))
	}
	return cs[0]
}

func dump(fn *ssa.Function) string { return ssatest.Dump(fn) }
