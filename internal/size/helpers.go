package size

import (
	"fmt"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// Human writes a byte count the way people read it: "512 bytes",
// "64 KiB", "1 MiB", "1025 KiB", "1 GiB".
func Human(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Deref returns what a pointer type points to, else t.
func Deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// IsLargeField reports whether field i of the struct t is (or points to)
// is the large part of a struct whose Size.Field is largeField.
func IsLargeField(largeField int, t types.Type, i int) bool {
	if i == largeField {
		return true
	}
	if largeField != AnyField {
		return false
	}
	st, ok := Deref(t).Underlying().(*types.Struct)
	return ok && i < st.NumFields() && HoldsCollection(st.Field(i).Type())
}

// StructField is the Size.Field of an input-sized value of type t whose
// large part is unknown: AnyField for a struct (or pointer to one), else
// -1.
func StructField(t types.Type) int {
	if _, ok := Deref(t).Underlying().(*types.Struct); ok {
		return AnyField
	}
	return -1
}

// InnerField is the Size.Field marker for the fields of a large field:
// when any collection may be the large part, so may a nested struct's.
func InnerField(largeField int) int {
	if largeField == AnyField {
		return AnyField
	}
	return -1
}

// FieldName returns the name of field i of the struct t is or points to,
// or "?".
func FieldName(t types.Type, i int) string {
	st, ok := Deref(t).Underlying().(*types.Struct)
	if !ok || i < 0 || i >= st.NumFields() {
		return "?"
	}
	return st.Field(i).Name()
}

// StoresTo returns the stores whose address is addr.
func StoresTo(addr ssa.Value) []*ssa.Store {
	refs := addr.Referrers()
	if refs == nil {
		return nil
	}
	var out []*ssa.Store
	for _, r := range *refs {
		if st, ok := r.(*ssa.Store); ok && st.Addr == addr {
			out = append(out, st)
		}
	}
	return out
}

// FieldAddrsOf returns the field addresses taken from the pointer p.
func FieldAddrsOf(p ssa.Value) []*ssa.FieldAddr {
	refs := p.Referrers()
	if refs == nil {
		return nil
	}
	var out []*ssa.FieldAddr
	for _, r := range *refs {
		if fa, ok := r.(*ssa.FieldAddr); ok {
			out = append(out, fa)
		}
	}
	return out
}

// AddrsOf returns the addresses through which the variable a's value is
// filled: a itself, and the pointers loaded from it when it holds one.
func AddrsOf(a *ssa.Alloc) []ssa.Value {
	out := []ssa.Value{a}
	if _, ok := Deref(a.Type()).Underlying().(*types.Pointer); !ok {
		return out
	}
	if refs := a.Referrers(); refs != nil {
		for _, r := range *refs {
			if u, ok := r.(*ssa.UnOp); ok && u.Op == token.MUL {
				out = append(out, u)
			}
		}
	}
	return out
}

// CanHold reports whether a value of type t can refer to a large value: a
// slice, pointer, map or string.
func CanHold(t types.Type) bool {
	switch t := t.Underlying().(type) {
	case *types.Slice, *types.Pointer, *types.Map:
		return true
	case *types.Basic:
		return t.Info()&types.IsString != 0
	}
	return false
}

// HeldParam reports whether a returned value holds a parameter of its
// function: the parameter itself, a sub-slice of it, or a fresh struct
// with the parameter in a field.
func HeldParam(v ssa.Value) (Held, bool) {
	v = ssaq.Unwrap(v)
	if s, ok := v.(*ssa.Slice); ok {
		v = s.X
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		if CanHold(v.Type()) {
			return Held{ParamIndex(v), -1}, true
		}
	case *ssa.UnOp:
		if a, ok := v.X.(*ssa.Alloc); ok && v.Op == token.MUL {
			if h, ok := fieldParam(a); ok {
				return h, true
			}
		}
	case *ssa.Alloc:
		return fieldParam(v)
	}
	return Held{}, false
}

func fieldParam(a *ssa.Alloc) (Held, bool) {
	for _, fa := range FieldAddrsOf(a) {
		for _, st := range StoresTo(fa) {
			val := ssaq.Unwrap(st.Val)
			if s, ok := val.(*ssa.Slice); ok {
				val = s.X
			}
			if p, ok := val.(*ssa.Parameter); ok && CanHold(p.Type()) {
				return Held{ParamIndex(p), fa.Field}, true
			}
		}
	}
	return Held{}, false
}

// ParamIndex returns p's index in its function's Params (receiver first),
// or -1.
func ParamIndex(p *ssa.Parameter) int {
	for i, q := range p.Parent().Params {
		if q == p {
			return i
		}
	}
	return -1
}

// ArgFor returns the argument of call that binds the callee's parameter i,
// where parameters count the receiver first (as ssa.Function.Params does),
// or nil.
func ArgFor(call *ssa.CallCommon, i int) ssa.Value {
	if call.IsInvoke() {
		if i == 0 {
			return call.Value
		}
		i--
	}
	if i < 0 || i >= len(call.Args) {
		return nil
	}
	return call.Args[i]
}

// ParamFor is the inverse of ArgFor: the callee parameter index for
// argument index i.
func ParamFor(call *ssa.CallCommon, i int) int {
	if call.IsInvoke() {
		return i + 1
	}
	return i
}
