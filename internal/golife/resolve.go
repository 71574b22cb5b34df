package golife

import (
	"go/token"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// This file resolves a value to where it is made: through the go
// statement or call that runs its function, closures' bindings, local
// variables stored once, and a spawner's callers.

// resolve maps v to the value it denotes in the function that creates it:
// a parameter or free variable of a function run through fr.site becomes
// the argument or binding there; a load of a local variable stored once
// becomes the stored value. It returns the values (several for a parameter
// followed to many callers, or a phi) with the frame to read each in, or
// ok=false when v comes from where the model cannot see.
func (in *Info) resolve(v ssa.Value, fr frame, depth int) (vals []framed, ok bool) {
	v = ssaq.Unwrap(v)
	if depth > maxDepth {
		return nil, false
	}
	switch x := v.(type) {
	case *ssa.Parameter:
		fn := x.Parent()
		idx := paramIndex(fn, x)
		if fr.site != nil && ssaq.FuncValue(fr.site.Common().Value) == fn || fr.site != nil && ssaq.Callee(fr.site.Common()) == fn {
			args := fr.site.Common().Args
			if idx < 0 || idx >= len(args) {
				return nil, false
			}
			return in.resolve(args[idx], frame{spawner: fr.spawner}, depth+1)
		}
		return in.fromCallers(fn, idx, fr, depth)
	case *ssa.FreeVar:
		fn := x.Parent()
		idx := -1
		for i, fv := range fn.FreeVars {
			if fv == x {
				idx = i
			}
		}
		var mcs []*ssa.MakeClosure
		if fr.site != nil {
			if mc, ok := fr.site.Common().Value.(*ssa.MakeClosure); ok && ssaq.FuncValue(mc) == fn {
				mcs = []*ssa.MakeClosure{mc}
			}
		}
		if mcs == nil {
			mcs = in.cls[fn]
		}
		if idx < 0 || len(mcs) == 0 {
			return nil, false
		}
		for _, mc := range mcs {
			if idx >= len(mc.Bindings) {
				return nil, false
			}
			r, ok := in.resolve(mc.Bindings[idx], frame{spawner: fr.spawner}, depth+1)
			if !ok {
				return nil, false
			}
			vals = append(vals, r...)
		}
		return vals, true
	case *ssa.UnOp:
		if x.Op != token.MUL {
			break
		}
		// A load of a local variable (captured or not) stored exactly once.
		addr, ok := in.resolve(x.X, fr, depth+1)
		if ok && len(addr) == 1 {
			if alloc, isAlloc := addr[0].v.(*ssa.Alloc); isAlloc {
				if val := storedOnce(alloc); val != nil {
					if val == zeroValue {
						return []framed{{ssa.NewConst(nil, x.Type()), fr}}, true
					}
					return in.resolve(val, addr[0].fr, depth+1)
				}
				return nil, false
			}
		}
	case *ssa.Phi:
		for _, e := range x.Edges {
			r, ok := in.resolve(e, fr, depth+1)
			if !ok {
				return nil, false
			}
			vals = append(vals, r...)
		}
		return vals, true
	}
	return []framed{{v, fr}}, true
}

type framed struct {
	v  ssa.Value
	fr frame
}

// fromCallers resolves parameter idx of fn at each of its static call
// sites in the package; an exported function, one used as a value or one
// without callers leaves it unknown.
func (in *Info) fromCallers(fn *ssa.Function, idx int, fr frame, depth int) ([]framed, bool) {
	if in.life == nil || idx < 0 || fn.Parent() != nil {
		return nil, false
	}
	if obj := fn.Object(); obj == nil || obj.Exported() {
		return nil, false
	}
	calls, asValue := in.life.Callers(fn)
	if asValue || len(calls) == 0 {
		return nil, false
	}
	var out []framed
	for _, c := range calls {
		args := c.Common().Args
		if idx >= len(args) {
			return nil, false
		}
		r, ok := in.resolve(args[idx], frame{spawner: c.Parent()}, depth+1)
		if !ok {
			return nil, false
		}
		out = append(out, r...)
	}
	return out, true
}

func paramIndex(fn *ssa.Function, p *ssa.Parameter) int {
	for i, q := range fn.Params {
		if q == p {
			return i
		}
	}
	return -1
}

// zeroValue is what storedOnce returns for a variable never stored to.
var zeroValue ssa.Value = &ssa.Const{}

// storedOnce returns the only value stored in a local variable, zeroValue
// if none is (it holds its zero value), or nil.
func storedOnce(alloc *ssa.Alloc) ssa.Value {
	if val := ssaq.StoredOnce(alloc); val != nil {
		return val
	}
	if alloc.Heap && neverStored(alloc) {
		return zeroValue // var c chan int, captured: never assigned
	}
	return nil
}

// neverStored reports whether nothing stores to alloc and its address
// goes nowhere but loads and closures.
func neverStored(alloc *ssa.Alloc) bool {
	if alloc.Referrers() == nil {
		return false
	}
	for _, r := range *alloc.Referrers() {
		switch r.(type) {
		case *ssa.UnOp, *ssa.DebugRef, *ssa.MakeClosure:
		default:
			return false
		}
	}
	return true
}
