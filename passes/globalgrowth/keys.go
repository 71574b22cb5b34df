package globalgrowth

import (
	"go/token"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// keyKind is the provenance of a growth's key: where the value that
// decides whether an insert adds an entry comes from. The kinds up to
// keySetup bound the collection; the others are ordered by how surely they
// make it grow.
type keyKind uint8

const (
	keyConst   keyKind = iota // a constant
	keySmall                  // a type or value range with few values: ≤16-bit integers, bool, enums, x&7, Go types
	keySetup                  // a receiver field set only where its object is built; a size fixed by a constructor
	keyCaller                 // a parameter of an exported function: its callers decide
	keyUnknown                // computed where the check cannot follow (a call result, a package-level var)
	keyInput                  // derived from input: a request, a callback's parameter, a channel
	keyUnique                 // new on every request or call: *http.Request, a counter-issued ID, a new object
)

func (k keyKind) bounded() bool { return k <= keySetup }

// origin is the provenance of one key.
type origin struct {
	kind keyKind
	// leaf names the source the key is derived from, in source terms
	// ("the request r of Validate", "parameter name of exported Get").
	leaf string
	// via says how the key reaches the insert from its source: the call
	// nearest the source that passes it ("Validate passes r.Header.Get(…)").
	via string
	// callers lists, for keyCaller, the exported functions and parameters
	// whose arguments decide the key.
	callers []callerParam
}

// callerParam is parameter param of the exported function fn.
type callerParam struct {
	fn    *ssa.Function
	param int
}

// join merges the origins of values that may flow into one key: the most
// unbounded wins; keyCaller origins pool their parameters.
func join(x, y origin) origin {
	if x.kind == keyCaller && y.kind == keyCaller {
		out := origin{kind: keyCaller, leaf: x.leaf}
		out.callers = append(append(out.callers, x.callers...), y.callers...)
		return out
	}
	if y.kind > x.kind {
		return y
	}
	return x
}

// derived is the origin of a value computed from a source: a field, a
// call result or a sum is no longer new on every request.
func derived(o origin) origin {
	if o.kind == keyUnique {
		o.kind = keyInput
	}
	return o
}

// keyState memoises what key tracing learns about the package.
type keyState struct {
	a        *analysis
	setup    map[*types.Var]bool
	settings map[*ssa.Global]bool
	ctors    map[*ssa.Function]bool
	closures map[*ssa.Function]*ssa.MakeClosure
	visiting map[ssa.Value]bool
	budget   int
}

func (a *analysis) keyState() *keyState {
	if a.keys == nil {
		a.keys = &keyState{a: a, setup: make(map[*types.Var]bool), settings: make(map[*ssa.Global]bool), ctors: make(map[*ssa.Function]bool)}
	}
	return a.keys
}

// keyOrigin traces the provenance of key, a map key (or sync.Map key)
// inserted in the package.
func (a *analysis) keyOrigin(key ssa.Value) origin {
	ks := a.keyState()
	ks.visiting = make(map[ssa.Value]bool)
	ks.budget = 400
	o := ks.origin(key, 12, false)
	// A size or count taken from a constructor's parameters (a buffer size
	// from Options) is fixed where the object is built: set-up, not traffic.
	if o.kind == keyCaller && isInteger(key.Type()) {
		all := true
		for _, c := range o.callers {
			all = all && ks.constructor(c.fn)
		}
		if all {
			return origin{kind: keySetup, leaf: "a size fixed when " + ssaq.Name(o.callers[0].fn) + " builds its result"}
		}
	}
	return o
}

func (ks *keyState) origin(v ssa.Value, depth int, fromPhi bool) origin {
	if boundedKey(v) {
		if _, ok := ssaq.Unwrap(v).(*ssa.Const); ok {
			return origin{kind: keyConst}
		}
		return origin{kind: keySmall}
	}
	v = ssaq.Unwrap(v)
	if depth == 0 || ks.budget <= 0 {
		return origin{kind: keyUnknown, leaf: "a value passed on through more calls than the check follows"}
	}
	ks.budget--
	if ks.visiting[v] {
		if fromPhi {
			return origin{kind: keyConst} // a phi cycle adds no value of its own
		}
		if _, isParam := v.(*ssa.Parameter); isParam {
			return origin{kind: keyConst} // recursion hands the key on
		}
		return origin{kind: keyUnknown, leaf: "a value computed in a loop"}
	}
	ks.visiting[v] = true
	defer delete(ks.visiting, v)
	switch v := v.(type) {
	case *ssa.Const, *ssa.Function, *ssa.Global:
		return origin{kind: keyConst} // a constant, a func, the address of a var
	case *ssa.Parameter:
		return ks.param(v, depth)
	case *ssa.FreeVar:
		if b := ks.binding(v); b != nil {
			return ks.origin(b, depth-1, false)
		}
		return origin{kind: keyUnknown, leaf: "captured variable " + v.Name()}
	case *ssa.Alloc:
		return origin{kind: keyUnique, leaf: "a new object allocated in " + ssaq.Name(v.Parent())}
	case *ssa.UnOp:
		switch v.Op {
		case token.MUL:
			return ks.load(v, depth)
		case token.ARROW:
			return origin{kind: keyInput, leaf: "a value received from channel " + exprOf(v.X, 3)}
		}
		return derived(ks.origin(v.X, depth-1, false))
	case *ssa.Field:
		if ks.setupField(v.X, v.Field) {
			return origin{kind: keySetup, leaf: "field " + fieldName(v.X.Type(), v.Field) + ", set only where its object is built"}
		}
		return derived(ks.origin(v.X, depth-1, false))
	case *ssa.Phi:
		o := origin{kind: keyConst}
		for _, e := range v.Edges {
			o = join(o, ks.origin(e, depth-1, true))
		}
		return o
	case *ssa.Call:
		return ks.call(v, depth)
	case *ssa.BinOp:
		return derived(join(ks.origin(v.X, depth-1, false), ks.origin(v.Y, depth-1, false)))
	case *ssa.FieldAddr:
		if ks.setupPath(v) {
			return origin{kind: keySetup, leaf: "field " + exprOf(v, 4)[1:] + ", set only where its object is built"}
		}
		return derived(ks.contents(v.X, depth-1))
	case *ssa.Slice:
		return derived(ks.contents(v.X, depth-1))
	case *ssa.IndexAddr:
		return derived(join(ks.contents(v.X, depth-1), ks.origin(v.Index, depth-1, false)))
	case *ssa.Index:
		return derived(join(ks.origin(v.X, depth-1, false), ks.origin(v.Index, depth-1, false)))
	case *ssa.Lookup:
		return derived(join(ks.origin(v.X, depth-1, false), ks.origin(v.Index, depth-1, false)))
	case *ssa.Convert:
		return derived(ks.origin(v.X, depth-1, false))
	case *ssa.TypeAssert:
		return derived(ks.origin(v.X, depth-1, false))
	case *ssa.Extract:
		return derived(ks.origin(v.Tuple, depth-1, false))
	case *ssa.Next:
		return derived(ks.origin(v.Iter, depth-1, false))
	case *ssa.Range:
		return derived(ks.origin(v.X, depth-1, false))
	case *ssa.MakeMap, *ssa.MakeSlice, *ssa.MakeChan, *ssa.MakeClosure:
		return origin{kind: keyUnique, leaf: "a new value made in " + ssaq.Name(v.Parent())}
	}
	return origin{kind: keyUnknown, leaf: exprOf(v, 3)}
}

// param traces a parameter to the arguments of the package's calls. An
// exported function's parameter is also decided by callers elsewhere.
func (ks *keyState) param(p *ssa.Parameter, depth int) origin {
	fn := p.Parent()
	if isHTTPRequest(p.Type()) {
		return origin{kind: keyUnique, leaf: "the request " + p.Name() + " of " + ssaq.Name(fn)}
	}
	idx := -1
	for i, q := range fn.Params {
		if q == p {
			idx = i
		}
	}
	if idx < 0 {
		return origin{kind: keyUnknown, leaf: "parameter " + p.Name()}
	}
	calls, asValue := ks.a.life.Callers(fn)
	o := origin{kind: keyConst}
	for _, call := range calls {
		if ks.a.inTest[call.Parent()] {
			continue
		}
		if args := call.Common().Args; idx < len(args) {
			ao := ks.origin(args[idx], depth-1, false)
			if ao.via == "" && ao.kind > keyCaller {
				ao.via = ssaq.Name(call.Parent()) + " passes " + exprOf(args[idx], 4)
			}
			o = join(o, ao)
		}
	}
	exported := fn.Parent() == nil && fn.Object() != nil && fn.Object().Exported() && ks.a.pass.Pkg.Name() != "main"
	switch {
	case exported:
		kind := "function"
		if fn.Signature.Recv() != nil {
			kind = "method"
		}
		o = join(o, origin{kind: keyCaller, leaf: "parameter " + p.Name() + " of exported " + kind + " " + ssaq.Name(fn),
			callers: []callerParam{{fn, idx}}})
	case asValue:
		o = join(o, origin{kind: keyInput, leaf: "parameter " + p.Name() + " of " + ssaq.Name(fn) + ", which is called as a func value"})
	case len(calls) == 0:
		o = join(o, origin{kind: keyInput, leaf: "parameter " + p.Name() + " of " + ssaq.Name(fn)})
	}
	return o
}

// load traces a value loaded from memory: a field, a local variable, a
// captured variable, an element.
func (ks *keyState) load(v *ssa.UnOp, depth int) origin {
	switch x := v.X.(type) {
	case *ssa.FieldAddr:
		if ks.setupPath(x) {
			return origin{kind: keySetup, leaf: "field " + exprOf(v, 4) + ", set only where its object is built"}
		}
		return derived(ks.contents(x.X, depth-1)) // a field of a local struct: what was stored in it
	case *ssa.Global:
		if ks.setting(x) {
			return origin{kind: keySetup, leaf: "package-level setting " + x.Name()}
		}
		return origin{kind: keyUnknown, leaf: "package-level var " + x.Name()}
	case *ssa.Alloc:
		return ks.contents(x, depth-1)
	case *ssa.FreeVar:
		return ks.contents(x, depth-1)
	case *ssa.IndexAddr:
		return derived(join(ks.contents(x.X, depth-1), ks.origin(x.Index, depth-1, false)))
	}
	return derived(ks.origin(v.X, depth-1, false))
}

// contents traces what a local variable, array or struct holds: the values
// stored in it (through its elements and fields too).
func (ks *keyState) contents(ptr ssa.Value, depth int) origin {
	if fv, ok := ptr.(*ssa.FreeVar); ok {
		if b := ks.binding(fv); b != nil {
			ptr = b
		}
	}
	alloc, ok := ptr.(*ssa.Alloc)
	if !ok {
		return derived(ks.origin(ptr, depth, false))
	}
	if ks.visiting[alloc] || depth <= 0 {
		return origin{kind: keyConst}
	}
	ks.visiting[alloc] = true
	defer delete(ks.visiting, alloc)
	o := origin{kind: keyConst}
	var visit func(addr ssa.Value, level int)
	visit = func(addr ssa.Value, level int) {
		refs := addr.Referrers()
		if refs == nil || level == 0 {
			return
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr == addr {
					o = join(o, ks.origin(r.Val, depth-1, false))
				}
			case *ssa.FieldAddr:
				visit(r, level-1)
			case *ssa.IndexAddr:
				visit(r, level-1)
			case *ssa.UnOp, *ssa.DebugRef, *ssa.Slice:
			case *ssa.MakeClosure:
			default:
				o = join(o, origin{kind: keyUnknown, leaf: exprOf(alloc, 2) + ", filled by a call"})
			}
		}
	}
	visit(alloc, 3)
	return o
}

// binding returns the value a closure's free variable is bound to.
func (ks *keyState) binding(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	if ks.closures == nil {
		ks.closures = make(map[*ssa.Function]*ssa.MakeClosure)
		for _, f := range ks.a.funcs {
			for _, b := range f.Blocks {
				for _, instr := range b.Instrs {
					if mc, ok := instr.(*ssa.MakeClosure); ok {
						if g, ok := mc.Fn.(*ssa.Function); ok {
							ks.closures[g] = mc
						}
					}
				}
			}
		}
	}
	mc := ks.closures[fn]
	if mc == nil {
		return nil
	}
	for i, f := range fn.FreeVars {
		if f == fv && i < len(mc.Bindings) {
			return mc.Bindings[i]
		}
	}
	return nil
}

// call traces a call's result to its operands. Counters issue a new ID
// on every call.
func (ks *keyState) call(v *ssa.Call, depth int) origin {
	common := &v.Call
	callee := common.StaticCallee()
	if isCounter(callee) {
		name := "a counter"
		if len(common.Args) > 0 {
			name = "counter " + strings.TrimPrefix(exprOf(common.Args[0], 2), "&")
		}
		return origin{kind: keyUnique, leaf: "a new ID from " + name}
	}
	ops := common.Args
	if common.IsInvoke() {
		ops = append([]ssa.Value{common.Value}, ops...)
	}
	if len(ops) == 0 {
		return origin{kind: keyUnknown, leaf: "the result of " + exprOf(v, 3)}
	}
	o := origin{kind: keyConst}
	for _, op := range ops {
		o = join(o, ks.contentsOrValue(op, depth-1))
	}
	return derived(o)
}

// contentsOrValue traces an argument: for the slice a variadic call builds
// or a pointer to a local variable (&records), the values stored in it.
func (ks *keyState) contentsOrValue(v ssa.Value, depth int) origin {
	switch x := ssaq.Unwrap(v).(type) {
	case *ssa.Slice:
		if _, local := x.X.(*ssa.Alloc); local {
			return ks.contents(x.X, depth)
		}
	case *ssa.Alloc:
		return ks.contents(x, depth)
	}
	return ks.origin(v, depth, false)
}

// isCounter reports whether fn is an atomic add (atomic.AddUint64,
// (*atomic.Int64).Add, ...): each call returns a value no earlier call did.
func isCounter(fn *ssa.Function) bool {
	if fn == nil {
		return false
	}
	for _, name := range []string{"AddInt32", "AddInt64", "AddUint32", "AddUint64", "AddUintptr"} {
		if ssaq.IsFunc(fn, "sync/atomic", name) {
			return true
		}
	}
	for _, t := range []string{"Int32", "Int64", "Uint32", "Uint64", "Uintptr"} {
		if ssaq.IsMethod(fn, "sync/atomic", t, "Add") {
			return true
		}
	}
	return false
}

func isHTTPRequest(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && ssaq.IsNamed(p.Elem(), "net/http", "Request")
}

func isInteger(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// fieldName returns the name of field index of the struct t is or points to.
func fieldName(t types.Type, index int) string {
	if st := structOf(t); st != nil && index < st.NumFields() {
		return st.Field(index).Name()
	}
	return "?"
}
