package ssaq

import (
	"testing"

	"golang.org/x/tools/go/ssa"
)

func TestParamRoot(t *testing.T) {
	p := build(t, `package p

type Box struct{ inner *Inner }
type Inner struct{ vals []string }

var global []string

func deep(b *Box, s string) { b.inner.vals = append(b.inner.vals, s) }
func glob(s string)          { global = append(global, s) }
`)
	stores := func(name string) []*ssa.Store {
		var out []*ssa.Store
		for _, b := range p.fn(t, name).Blocks {
			for _, instr := range b.Instrs {
				if st, ok := instr.(*ssa.Store); ok && !isVarargs(st.Addr) {
					out = append(out, st)
				}
			}
		}
		return out
	}
	deep := stores("deep")
	if len(deep) != 1 {
		t.Fatalf("deep: %d stores", len(deep))
	}
	if r := ParamRoot(deep[0].Addr); r == nil || r.Name() != "b" {
		t.Errorf("ParamRoot(b.inner.vals) = %v, want b", r)
	}
	for _, st := range stores("glob") {
		if r := ParamRoot(st.Addr); r != nil {
			t.Errorf("ParamRoot(global) = %v, want nil", r)
		}
	}
}

// isVarargs reports whether addr is an element of the array append's
// variadic arguments are packed into.
func isVarargs(addr ssa.Value) bool {
	ia, ok := addr.(*ssa.IndexAddr)
	if !ok {
		return false
	}
	a, ok := ia.X.(*ssa.Alloc)
	return ok && a.Comment == "varargs"
}
