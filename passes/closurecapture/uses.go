package closurecapture

// This file classifies how a closure uses what it captures: the small
// projections (len, a field, an element, a short sub-slice, a method
// result) or the whole value.

import (
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/size"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// projection is one small part of a captured value that a closure uses.
type projection struct {
	kind string // "len", "cap", "field", "elem", "slice", "nil", "method"
	text string // "len(data)", "doc.Title": how the source spells it
	pos  token.Pos
	// viaField is 1 + the index of the captured struct's field the
	// projection goes through (0: none), to compare with the field a
	// caller's argument is large by.
	viaField int
	fieldKey fieldKey // the (innermost) field read, if any
}

// usesOf classifies how the closure body fn uses its free variable fv (the
// address of the captured variable called name). ok is false when some use
// needs the whole value (passes it on, ranges over it, indexes it with a
// changing index, writes to it, ...). largeField is the field that makes a
// struct large (-1 if none): using it counts as using the large value.
func (c *checker) usesOf(fn *ssa.Function, fv ssa.Value, name string, largeField int, depth int) (projs []projection, ok bool) {
	if depth > 4 {
		return nil, false
	}
	refs := fv.Referrers()
	if refs == nil {
		return nil, true
	}
	for _, r := range *refs {
		var p []projection
		good := true
		switch r := r.(type) {
		case *ssa.DebugRef:
			continue
		case *ssa.Store:
			// The variable's own initialisation from a parameter (a value
			// receiver spilled to a local); any other store writes it.
			if _, isParam := r.Val.(*ssa.Parameter); !isParam || r.Addr != fv {
				return nil, false
			}
			continue
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return nil, false
			}
			p, good = c.valueUses(fn, r, name, largeField, depth)
		case *ssa.FieldAddr:
			p, good = c.fieldUses(fn, r, name, largeField, depth)
		case *ssa.IndexAddr:
			p, good = c.elemUses(fn, r, name, depth+1)
		case *ssa.MakeClosure:
			p, good = c.nestedUses(r, fv, name, largeField, depth)
		case *ssa.Call:
			// A pointer-receiver method on the variable itself (buf.Len()).
			call := r.Common()
			if call.IsInvoke() || len(call.Args) == 0 || call.Args[0] != fv {
				return nil, false
			}
			for _, a := range call.Args[1:] {
				if a == fv {
					return nil, false
				}
			}
			if smallMethod(call) {
				p = []projection{{"method", name + "." + call.StaticCallee().Name() + "()", r.Pos(), 0, fieldKey{}}}
			} else if p, good = c.methodUses(call, name, largeField, depth); !good {
				return nil, false
			}
		case *ssa.Slice:
			// A short constant sub-slice of a captured array (block[:16]).
			text, ok := c.shortSlice(r, name)
			if !ok {
				return nil, false
			}
			p = []projection{{"slice", text, r.Pos(), 0, fieldKey{}}}
		default:
			return nil, false // stored to, sliced, passed on: the whole variable
		}
		if !good {
			return nil, false
		}
		projs = append(projs, p...)
	}
	return projs, true
}

// nestedUses follows the variable into a closure nested in the closure.
func (c *checker) nestedUses(mc *ssa.MakeClosure, fv ssa.Value, name string, largeField, depth int) ([]projection, bool) {
	inner := ssaq.FuncValue(mc)
	if inner == nil {
		return nil, false
	}
	var out []projection
	for i, b := range mc.Bindings {
		if b != fv || i >= len(inner.FreeVars) {
			continue
		}
		p, ok := c.usesOf(inner, inner.FreeVars[i], name, largeField, depth+1)
		if !ok {
			return nil, false
		}
		out = append(out, p...)
	}
	return out, true
}

// valueUses classifies the uses of v, a value loaded from the captured
// variable (or from a large field of it).
func (c *checker) valueUses(fn *ssa.Function, v ssa.Value, name string, largeField int, depth int) ([]projection, bool) {
	if depth > 8 {
		return nil, false
	}
	refs := v.Referrers()
	if refs == nil {
		return nil, true
	}
	var out []projection
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Call:
			call := r.Common()
			switch {
			case ssaq.IsBuiltin(call, "len") || ssaq.IsBuiltin(call, "cap"):
				b := call.Value.(*ssa.Builtin).Name()
				out = append(out, projection{b, b + "(" + name + ")", r.Pos(), 0, fieldKey{}})
			case !call.IsInvoke() && len(call.Args) > 0 && call.Args[0] == v && smallMethod(call):
				fn := call.StaticCallee()
				out = append(out, projection{"method", name + "." + fn.Name() + "()", r.Pos(), 0, fieldKey{}})
			case !call.IsInvoke() && len(call.Args) > 0 && call.Args[0] == v:
				p, ok := c.methodUses(call, name, largeField, depth)
				if !ok {
					return nil, false
				}
				out = append(out, p...)
			default:
				return nil, false
			}
		case *ssa.FieldAddr:
			p, ok := c.fieldUses(fn, r, name, largeField, depth)
			if !ok {
				return nil, false
			}
			out = append(out, p...)
		case *ssa.Field:
			if size.IsLargeField(largeField, r.X.Type(), r.Field) || c.m.Type(r.Type()).Large() {
				p, ok := c.valueUses(fn, r, name+"."+size.FieldName(r.X.Type(), r.Field), size.InnerField(largeField), depth+1)
				if !ok {
					return nil, false
				}
				out = append(out, via(p, r.Field)...)
				continue
			}
			k, _ := fieldKeyOf(r.X.Type(), r.Field)
			text := name + "." + size.FieldName(r.X.Type(), r.Field)
			if p, ok := c.smallerUses(fn, r, text, k, depth); ok {
				out = append(out, via(p, r.Field)...)
				continue
			}
			out = append(out, projection{"field", text, r.Pos(), r.Field + 1, k})
		case *ssa.IndexAddr:
			p, ok := c.elemUses(fn, r, name, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, p...)
		case *ssa.Index:
			idx, ok := fixedIndex(fn, r.Index)
			if !ok {
				return nil, false
			}
			out = append(out, projection{"elem", name + "[" + idx + "]", r.Pos(), 0, fieldKey{}})
		case *ssa.Lookup:
			idx, ok := fixedIndex(fn, r.Index)
			if !ok {
				return nil, false
			}
			out = append(out, projection{"elem", name + "[" + idx + "]", r.Pos(), 0, fieldKey{}})
		case *ssa.Slice:
			text, ok := c.shortSlice(r, name)
			if !ok {
				return nil, false
			}
			out = append(out, projection{"slice", text, r.Pos(), 0, fieldKey{}})
		case *ssa.BinOp:
			other := r.X
			if other == v {
				other = r.Y
			}
			k, isConst := other.(*ssa.Const)
			if !isConst || !k.IsNil() || (r.Op != token.EQL && r.Op != token.NEQ) {
				return nil, false
			}
			out = append(out, projection{"nil", name + " " + r.Op.String() + " nil", r.Pos(), 0, fieldKey{}})
		default:
			return nil, false
		}
	}
	return out, true
}

// fieldUses classifies the uses of &x.f: loads of a small field are a
// projection; a field that is itself the large part is followed further.
func (c *checker) fieldUses(fn *ssa.Function, fa *ssa.FieldAddr, base string, largeField int, depth int) ([]projection, bool) {
	if depth > 8 {
		return nil, false
	}
	name := base + "." + size.FieldName(fa.X.Type(), fa.Field)
	elem := fa.Type().(*types.Pointer).Elem()
	big := size.IsLargeField(largeField, fa.X.Type(), fa.Field) || c.m.Type(elem).Large()
	inner := -1
	if big {
		inner = size.InnerField(largeField)
	}
	refs := fa.Referrers()
	if refs == nil {
		return nil, true
	}
	var out []projection
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return nil, false
			}
			if big {
				p, ok := c.valueUses(fn, r, name, inner, depth+1)
				if !ok {
					return nil, false
				}
				k, _ := fieldKeyOf(fa.X.Type(), fa.Field)
				out = append(out, withKey(p, k)...)
				continue
			}
			k, _ := fieldKeyOf(fa.X.Type(), fa.Field)
			if p, ok := c.smallerUses(fn, r, name, k, depth); ok {
				out = append(out, p...)
				continue
			}
			out = append(out, projection{"field", name, r.Pos(), 0, k})
		case *ssa.FieldAddr:
			p, ok := c.fieldUses(fn, r, name, inner, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, p...)
		case *ssa.IndexAddr:
			p, ok := c.elemUses(fn, r, name, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, p...)
		case *ssa.Slice:
			// A short constant sub-slice of an array field (s.buf[:16]).
			text, ok := c.shortSlice(r, name)
			if !ok {
				return nil, false
			}
			out = append(out, projection{"slice", text, r.Pos(), 0, fieldKey{}})
		default:
			return nil, false // address taken, written, method with pointer receiver
		}
	}
	return via(out, fa.Field), true
}

// smallerUses classifies the uses of v, a field's value that may hold a
// large value (a slice, map, string or pointer), when they are themselves
// projections (len(doc.Sections), doc.Author.Name): the field need not be
// kept whole. ok is false when the field's value is used whole.
func (c *checker) smallerUses(fn *ssa.Function, v ssa.Value, name string, k fieldKey, depth int) ([]projection, bool) {
	if !size.CanHold(v.Type()) {
		return nil, false
	}
	p, ok := c.valueUses(fn, v, name, -1, depth+1)
	if !ok || len(p) == 0 {
		return nil, false
	}
	return withKey(p, k), true
}

// withKey records the field k the projections read through, for the fix
// (a field assigned later must not be read early), unless they name one.
func withKey(projs []projection, k fieldKey) []projection {
	for i := range projs {
		if projs[i].fieldKey == (fieldKey{}) {
			projs[i].fieldKey = k
		}
	}
	return projs
}

// via marks projections as going through field i (the outermost call
// marks last, so the captured struct's own field wins).
func via(projs []projection, i int) []projection {
	for k := range projs {
		projs[k].viaField = i + 1
	}
	return projs
}

// elemUses classifies &x[i]: reading one element at a fixed index is a
// projection; writing, or an index that walks the value, is not.
func (c *checker) elemUses(fn *ssa.Function, ia *ssa.IndexAddr, name string, depth int) ([]projection, bool) {
	if depth > 8 {
		return nil, false
	}
	idx, ok := fixedIndex(fn, ia.Index)
	if !ok {
		return nil, false
	}
	elem := ia.Type().(*types.Pointer).Elem()
	if c.m.Type(elem).Large() {
		return nil, false
	}
	refs := ia.Referrers()
	if refs == nil {
		return nil, true
	}
	var out []projection
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return nil, false
			}
			out = append(out, projection{"elem", name + "[" + idx + "]", r.Pos(), 0, fieldKey{}})
		case *ssa.FieldAddr:
			p, ok := c.fieldUses(fn, r, name+"["+idx+"]", -1, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, p...)
		default:
			return nil, false
		}
	}
	return out, true
}

// fixedIndex reports whether an index stays the same for the closure's
// whole life: a constant, or a captured variable's value; and spells it.
func fixedIndex(fn *ssa.Function, idx ssa.Value) (string, bool) {
	if cv, ok := idx.(*ssa.Convert); ok {
		idx = cv.X
	}
	switch v := idx.(type) {
	case *ssa.Const:
		if v.Value == nil {
			return "", false
		}
		return v.Value.ExactString(), true
	case *ssa.UnOp:
		if fv, ok := v.X.(*ssa.FreeVar); ok && v.Op == token.MUL && fv.Parent() == fn {
			return fv.Name(), true
		}
	}
	return "", false
}

// shortSlice spells s, x[lo:hi] with constant bounds spanning fewer bytes
// than the threshold, for x called name.
func (c *checker) shortSlice(s *ssa.Slice, name string) (string, bool) {
	if _, ok := c.m.ShortSlice(s); !ok {
		return "", false
	}
	text := name + "["
	if s.Low != nil {
		text += s.Low.(*ssa.Const).Value.ExactString()
	}
	return text + ":" + s.High.(*ssa.Const).Value.ExactString() + "]", true
}

// smallMethod reports whether a static method call returns one small
// scalar (a length, a flag, a count): not a string or slice that may share
// the receiver's memory.
func smallMethod(call *ssa.CallCommon) bool {
	fn := call.StaticCallee()
	if fn == nil || fn.Signature.Recv() == nil || fn.Signature.Results().Len() != 1 {
		return false
	}
	b, ok := fn.Signature.Results().At(0).Type().Underlying().(*types.Basic)
	return ok && b.Info()&(types.IsNumeric|types.IsBoolean) != 0
}

// methodUses classifies a call of a method of the package on the captured
// value (x.flush()) by what the method does with its receiver: the
// closure needs only the projections the method uses, unless the value is
// also passed as another argument.
func (c *checker) methodUses(call *ssa.CallCommon, name string, largeField, depth int) ([]projection, bool) {
	m := call.StaticCallee()
	if m == nil || m.Signature.Recv() == nil || !c.inPkg[m] || len(m.Params) == 0 || len(m.Blocks) == 0 || depth > 3 {
		return nil, false
	}
	for _, a := range call.Args[1:] {
		if a == call.Args[0] {
			return nil, false
		}
	}
	p, ok := c.receiverUses(m, name, largeField, depth+1)
	if !ok || len(p) == 0 {
		return nil, false
	}
	return p, true
}

// receiverUses classifies how method uses its receiver: as a value, or
// through the local variable a value receiver is spilled to (s.Title of
// func (s Summary) title()).
func (c *checker) receiverUses(method *ssa.Function, name string, largeField, depth int) ([]projection, bool) {
	recv := method.Params[0]
	refs := recv.Referrers()
	if refs != nil {
		for _, r := range *refs {
			if st, ok := r.(*ssa.Store); ok && st.Val == recv {
				if a, ok := st.Addr.(*ssa.Alloc); ok && len(*refs) == 1 {
					return c.usesOf(method, a, name, largeField, depth)
				}
			}
		}
	}
	return c.valueUses(method, recv, name, largeField, depth)
}
