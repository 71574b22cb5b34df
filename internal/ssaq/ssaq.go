// Package ssaq holds the SSA queries leakvet's passes share: the functions
// of a package, callee resolution, loops, exits, path queries and escapes.
package ssaq

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// PackageFuncs returns every function whose body belongs to the package:
// buildssa's source functions plus the package initializer (which holds the
// package-level var initializers) and the closures inside it.
func PackageFuncs(res *buildssa.SSA) []*ssa.Function {
	funcs := append([]*ssa.Function(nil), res.SrcFuncs...)
	if init := res.Pkg.Func("init"); init != nil {
		var add func(f *ssa.Function)
		add = func(f *ssa.Function) {
			funcs = append(funcs, f)
			for _, anon := range f.AnonFuncs {
				add(anon)
			}
		}
		add(init)
	}
	return funcs
}

// Callee returns the function a call statically invokes, with generic
// instances mapped to their generic origin (whose body is the one built).
// For an interface method call whose receiver is a MakeInterface of a known
// concrete type, it returns that type's method. Otherwise nil.
func Callee(call *ssa.CallCommon) *ssa.Function {
	fn := call.StaticCallee()
	if fn == nil && call.IsInvoke() {
		if mi, ok := call.Value.(*ssa.MakeInterface); ok {
			if ms := mi.Parent().Prog.MethodSets.MethodSet(mi.X.Type()); ms != nil {
				if sel := ms.Lookup(call.Method.Pkg(), call.Method.Name()); sel != nil {
					fn = mi.Parent().Prog.MethodValue(sel)
					// Prefer the declared method to a pointer or promotion wrapper.
					if fn != nil && fn.Synthetic != "" {
						if m, ok := sel.Obj().(*types.Func); ok {
							if decl := mi.Parent().Prog.FuncValue(m.Origin()); decl != nil {
								fn = decl
							}
						}
					}
				}
			}
		}
	}
	if fn != nil && fn.Origin() != nil {
		fn = fn.Origin()
	}
	return fn
}

// FuncValue returns the function a value denotes when it is a function
// literal or named function (possibly closed over), else nil.
func FuncValue(v ssa.Value) *ssa.Function {
	switch v := v.(type) {
	case *ssa.Function:
		if v.Origin() != nil {
			return v.Origin()
		}
		return v
	case *ssa.MakeClosure:
		return FuncValue(v.Fn)
	}
	return nil
}

// IsBuiltin reports whether call calls the named builtin.
func IsBuiltin(call *ssa.CallCommon, name string) bool {
	b, ok := call.Value.(*ssa.Builtin)
	return ok && b.Name() == name
}

// IsMethod reports whether fn is the method pkgPath.typeName.method
// (pointer or value receiver), identified by type information.
func IsMethod(fn *ssa.Function, pkgPath, typeName, method string) bool {
	if fn == nil || fn.Name() != method {
		return false
	}
	recv := fn.Signature.Recv()
	if recv == nil {
		return false
	}
	return IsNamed(recv.Type(), pkgPath, typeName)
}

// IsFunc reports whether fn is the package-level function pkgPath.name.
func IsFunc(fn *ssa.Function, pkgPath, name string) bool {
	if fn == nil || fn.Signature.Recv() != nil || fn.Name() != name || fn.Parent() != nil {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	return ok && obj.Pkg() != nil && obj.Pkg().Path() == pkgPath
}

// IsNamed reports whether t, or the type it points to, is the named type
// pkgPath.name.
func IsNamed(t types.Type, pkgPath, name string) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Name() == name && obj.Pkg() != nil && obj.Pkg().Path() == pkgPath
}

// Unwrap strips value-preserving conversions (ChangeType, ChangeInterface,
// MakeInterface, Convert between pointer types) from v.
func Unwrap(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
		case *ssa.ChangeInterface:
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		default:
			return v
		}
	}
}

// Name returns a short human name for a function: "f", "(*T).m",
// "(T).m", and for closures the enclosing named function plus " (closure)".
func Name(fn *ssa.Function) string {
	if fn == nil {
		return "?"
	}
	if fn.Origin() != nil {
		fn = fn.Origin()
	}
	closure := false
	for fn.Parent() != nil {
		fn, closure = fn.Parent(), true
	}
	name := fn.Name()
	if i := strings.IndexByte(name, '#'); i > 0 {
		name = name[:i] // init#1
	}
	if recv := fn.Signature.Recv(); recv != nil {
		t := recv.Type()
		star := ""
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t, star = p.Elem(), "*"
		}
		tn := types.TypeString(t, func(*types.Package) string { return "" })
		name = "(" + star + tn + ")." + name
	} else if fn.Synthetic == "package initializer" {
		name = "package initialization"
	}
	if closure {
		name += " (closure)"
	}
	return name
}

// TimeChan says where a channel value comes from in package time: "Tick"
// or "After" for those functions' results, "Ticker" or "Timer" for the C
// field of one; "" otherwise. A Tick or Ticker channel delivers forever and
// is never closed; an After or Timer channel delivers once.
func TimeChan(v ssa.Value) string {
	switch v := Unwrap(v).(type) {
	case *ssa.Call:
		fn := Callee(&v.Call)
		switch {
		case IsFunc(fn, "time", "Tick"):
			return "Tick"
		case IsFunc(fn, "time", "After"):
			return "After"
		}
	case *ssa.UnOp:
		fa, ok := v.X.(*ssa.FieldAddr)
		if !ok || v.Op != token.MUL || fa.Field != 0 {
			return ""
		}
		for _, t := range []string{"Ticker", "Timer"} {
			if IsNamed(fa.X.Type(), "time", t) {
				return t
			}
		}
	}
	return ""
}

// ContextDone returns the context whose Done() v is (a call of the Done
// method of a context.Context), or nil.
func ContextDone(v ssa.Value) ssa.Value {
	call, ok := Unwrap(v).(*ssa.Call)
	if !ok || !call.Call.IsInvoke() || call.Call.Method.Name() != "Done" || !IsNamed(call.Call.Value.Type(), "context", "Context") {
		return nil
	}
	return call.Call.Value
}

// TimeChanClosedEdge reports whether succ of b is the "channel closed" edge
// of a receive from a channel of package time (for range t.C): the runtime
// never closes those, so the edge is never taken.
func TimeChanClosedEdge(b *ssa.BasicBlock, succ int) bool {
	if succ != 1 || len(b.Instrs) == 0 {
		return false
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	ext, ok := iff.Cond.(*ssa.Extract)
	if !ok || ext.Index != 1 {
		return false
	}
	recv, ok := ext.Tuple.(*ssa.UnOp)
	return ok && recv.Op == token.ARROW && recv.CommaOk && TimeChan(recv.X) != ""
}

// Field identifies a struct field of a named type (of its generic origin,
// so every instance shares it) by index.
type Field struct {
	Type  *types.Named
	Index int
}

// FieldAt returns the field whose address v is (a FieldAddr on a pointer to
// a named struct).
func FieldAt(v ssa.Value) (Field, bool) {
	fa, ok := v.(*ssa.FieldAddr)
	if !ok {
		return Field{}, false
	}
	ptr, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return Field{}, false
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	if !ok {
		return Field{}, false
	}
	return Field{named.Origin(), fa.Field}, true
}

// LoadedField returns the field v was loaded from (x.f, read through a
// pointer), looking through value-preserving conversions.
func LoadedField(v ssa.Value) (Field, bool) {
	u, ok := Unwrap(v).(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return Field{}, false
	}
	return FieldAt(u.X)
}

// Name returns the field's name ("?" if the index is out of range).
func (f Field) Name() string {
	st, ok := f.Type.Underlying().(*types.Struct)
	if !ok || f.Index < 0 || f.Index >= st.NumFields() {
		return "?"
	}
	return st.Field(f.Index).Name()
}
