package lifetime

import (
	"testing"

	"github.com/leakvet/leakvet/internal/ssaq"
	"github.com/leakvet/leakvet/internal/ssatest"
	"golang.org/x/tools/go/ssa"
)

// testPkg is one package built from source the way buildssa builds it,
// with its functions as ssaq.PackageFuncs lists them.
type testPkg struct {
	pkg   *ssa.Package
	funcs []*ssa.Function
	byRel map[string]*ssa.Function // RelString: "f", "(*T).m", "main$1", "init#1"
}

func build(t testing.TB, src string) *testPkg {
	t.Helper()
	_, res := ssatest.Build(t, src)
	p := &testPkg{pkg: res.Pkg, byRel: make(map[string]*ssa.Function)}
	p.funcs = ssaq.PackageFuncs(res)
	for _, fn := range p.funcs {
		p.byRel[fn.RelString(res.Pkg.Pkg)] = fn
	}
	return p
}

func (p *testPkg) fn(t testing.TB, name string) *ssa.Function {
	t.Helper()
	fn := p.byRel[name]
	if fn == nil {
		var names []string
		for n := range p.byRel {
			names = append(names, n)
		}
		t.Fatalf("no function %q among %v", name, names)
	}
	return fn
}

// call returns the only call, defer or go instruction in fn whose callee
// (function, closure or method) is named name.
func call(t testing.TB, fn *ssa.Function, name string) ssa.CallInstruction {
	t.Helper()
	var out []ssa.CallInstruction
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			common := c.Common()
			n := ""
			if common.IsInvoke() {
				n = common.Method.Name()
			} else if f := ssaq.FuncValue(common.Value); f != nil {
				n = f.Name()
			} else if f := common.StaticCallee(); f != nil {
				n = f.Name()
			}
			if n == name {
				out = append(out, c)
			}
		}
	}
	if len(out) != 1 {
		t.Fatalf("%s: %d calls to %s, want 1:\n%s", fn.Name(), len(out), name, dump(fn))
	}
	return out[0]
}

func dump(fn *ssa.Function) string { return ssatest.Dump(fn) }
