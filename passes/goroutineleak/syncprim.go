package goroutineleak

import (
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// syncKey identifies a sync primitive (or any addressable value): a local
// variable, a package-level var, or a field of a struct type (any object
// of the type: methods of one object reach it through different SSA
// values).
type syncKey struct {
	v     ssa.Value
	typ   *types.Named
	field int
}

func (k syncKey) valid() bool { return k.v != nil || k.typ != nil }

// keyOf returns the key of the address v (a *sync.Mutex, *sync.WaitGroup,
// ...), seen from fn's caller when v is a parameter or free variable of a
// goroutine body started by g.
func keyOf(v ssa.Value, g ssa.CallInstruction) syncKey {
	v = ssaq.Unwrap(v)
	switch x := v.(type) {
	case *ssa.FieldAddr:
		if f, ok := ssaq.FieldAt(x); ok {
			return syncKey{typ: f.Type, field: f.Index}
		}
	case *ssa.UnOp:
		if x.Op == token.MUL {
			if f, ok := ssaq.FieldAt(x.X); ok {
				return syncKey{typ: f.Type, field: f.Index}
			}
			// A pointer held in a variable: key by the variable.
			return keyOf(x.X, g)
		}
	case *ssa.Alloc, *ssa.Global:
		return syncKey{v: x}
	case *ssa.FreeVar:
		if g != nil {
			if mc, ok := goFunc(g).(*ssa.MakeClosure); ok {
				for i, fv := range x.Parent().FreeVars {
					if fv == x && i < len(mc.Bindings) {
						return keyOf(mc.Bindings[i], nil)
					}
				}
			}
		}
		return syncKey{v: x}
	case *ssa.Parameter:
		if g, ok := g.(*ssa.Go); ok && g.Call.StaticCallee() == x.Parent() {
			for i, p := range x.Parent().Params {
				if p == x && i < len(g.Call.Args) {
					return keyOf(g.Call.Args[i], nil)
				}
			}
		}
		return syncKey{v: x}
	}
	return syncKey{}
}

// namedStruct returns the named struct type t (or *t) is, else nil.
func namedStruct(t types.Type) *types.Named {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil
	}
	if n.Origin() != nil {
		n = n.Origin()
	}
	return n
}

// syncCall returns the method of package sync a call invokes
// ("(*Mutex).Lock" as "Mutex", "Lock") and its receiver.
func syncCall(call *ssa.CallCommon) (typ, method string, recv ssa.Value) {
	fn := call.StaticCallee()
	if fn == nil || fn.Signature.Recv() == nil || len(call.Args) == 0 {
		return "", "", nil
	}
	for _, t := range []string{"Mutex", "RWMutex", "WaitGroup", "Cond"} {
		if ssaq.IsNamed(fn.Signature.Recv().Type(), "sync", t) {
			return t, fn.Name(), call.Args[0]
		}
	}
	return "", "", nil
}

// checkCall runs the checks anchored at a call: a context made
// cancellable whose cancel is lost while a goroutine waits on it. (Locks
// are judged per function by checkLocks, on the blocking model.)
func (c *checker) checkCall(call *ssa.Call) {
	if typ, _, _ := syncCall(&call.Call); typ != "" {
		return
	}
	c.checkCancel(call)
}

// callsOn reports whether fn (or a closure or function it calls, three
// levels deep) calls the sync method (Unlock, Done, Broadcast, ...) on a
// field key. Only field keys cross function boundaries.
func (c *checker) callsOn(fn *ssa.Function, key syncKey, method string) bool {
	k := callsOnKey{fn, key, method}
	res, ok := c.callsOnCache[k]
	if !ok {
		res = c.callsOnDepth(fn, key, method, 0)
		c.callsOnCache[k] = res
	}
	return res
}

type callsOnKey struct {
	fn     *ssa.Function
	key    syncKey
	method string
}

func (c *checker) callsOnDepth(fn *ssa.Function, key syncKey, method string, depth int) bool {
	if key.typ == nil || depth > 3 {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			call := ci.Common()
			if typ, m, r := syncCall(call); typ != "" {
				if m == method && keyOf(r, nil) == key {
					return true
				}
				continue
			}
			if callee := ssaq.Callee(call); callee != nil && callee.Pkg == c.pkg && callee != fn && c.callsOnDepth(callee, key, method, depth+1) {
				return true
			}
		}
	}
	return false
}
