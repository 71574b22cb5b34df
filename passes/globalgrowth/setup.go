// Set-up provenance: fields written only where their object is built,
// package-level settings, constructors.

package globalgrowth

import (
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// setupField reports whether the field index of the struct base points to
// (or is) is an unexported field that the package writes only while
// building its object (a composite literal or a fresh allocation) or at
// start-up, and whose address goes nowhere but to reads of it and of its
// own fields: a value fixed when the object is configured (s.region,
// db.opt.Dir). Unexported fields are out of reach of other packages and of
// reflection-based decoders.
func (ks *keyState) setupField(base ssa.Value, index int) bool {
	st := structOf(base.Type())
	if st == nil || index >= st.NumFields() {
		return false
	}
	field := st.Field(index).Origin() // the same for every instance of a generic type
	if field.Exported() {
		return false // other packages may write it
	}
	if v, ok := ks.setup[field]; ok {
		return v
	}
	ks.setup[field] = false // while scanning
	built := false
	for _, fn := range ks.a.funcs {
		if ks.a.inTest[fn] {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				fa, ok := instr.(*ssa.FieldAddr)
				if !ok || fa.Field != index {
					continue
				}
				if s := structOf(fa.X.Type()); s == nil || index >= s.NumFields() || s.Field(index).Origin() != field {
					continue
				}
				if fa.Referrers() == nil {
					continue
				}
				for _, r := range *fa.Referrers() {
					switch r := r.(type) {
					case *ssa.Store:
						if r.Addr != fa {
							return false // its address is stored: written elsewhere
						}
						if freshObject(fa.X) {
							built = true
							continue
						}
						if ctx := ks.a.life.At(r); ctx.InitTime {
							built = true
							continue
						}
						return false
					case *ssa.UnOp, *ssa.DebugRef:
					case *ssa.FieldAddr:
						if !onlyRead(r, 4, freshObject(fa.X)) {
							return false // a field of it is written or handed out
						}
					case ssa.CallInstruction:
						if !readingMethod(r.Common(), fa, 4) {
							return false
						}
					default:
						return false // its address goes somewhere
					}
				}
			}
		}
	}
	ks.setup[field] = built
	return built
}

// setting reports whether g is a package-level scalar (a number, string
// or bool) that the package assigns only at start-up, if at all: a setting
// (MaxBatchSize = 1 << 20) that takes one value per configuration.
func (ks *keyState) setting(g *ssa.Global) bool {
	if v, ok := ks.settings[g]; ok {
		return v
	}
	res := false
	if b, ok := deref(g.Type()).Underlying().(*types.Basic); ok && b.Info()&(types.IsNumeric|types.IsString|types.IsBoolean) != 0 {
		res = true
		for _, fn := range ks.a.funcs {
			if ks.a.inTest[fn] {
				continue // tests may set it; production code does not
			}
			for _, blk := range fn.Blocks {
				for _, instr := range blk.Instrs {
					if st, ok := instr.(*ssa.Store); ok && st.Addr == g && !ks.a.life.At(st).InitTime {
						res = false
					}
				}
			}
		}
	}
	ks.settings[g] = res
	return res
}

// freshObject reports whether v is an object its function allocates: the
// allocation itself, or a load of a local variable (also one a closure
// captures) that only ever holds such allocations.
func freshObject(v ssa.Value) bool {
	v = ssaq.Unwrap(v)
	if _, ok := v.(*ssa.Alloc); ok {
		return true
	}
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	cell, ok := load.X.(*ssa.Alloc)
	if !ok || cell.Referrers() == nil {
		return false
	}
	stored := false
	for _, r := range *cell.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == cell {
			if _, isAlloc := ssaq.Unwrap(st.Val).(*ssa.Alloc); !isAlloc {
				return false
			}
			stored = true
		}
	}
	return stored
}

// onlyRead reports whether the address v is only loaded from, directly or
// through the addresses of its fields, or also stored to when it is part
// of an object being built (db.opt.SyncWrites = false in Open).
func onlyRead(v ssa.Value, depth int, building bool) bool {
	if depth == 0 || v.Referrers() == nil {
		return false
	}
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.Store:
			if !building || r.Addr != v {
				return false
			}
		case *ssa.FieldAddr:
			if !onlyRead(r, depth-1, building) {
				return false
			}
		case ssa.CallInstruction:
			if !readingMethod(r.Common(), v, depth-1) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// readingMethod reports whether call is a method call on the address v as
// its receiver (db.opt.Errorf(...)) whose body only reads the receiver.
func readingMethod(call *ssa.CallCommon, v ssa.Value, depth int) bool {
	callee := call.StaticCallee()
	if callee == nil || callee.Signature.Recv() == nil || len(call.Args) == 0 || call.Args[0] != v ||
		len(callee.Params) == 0 || len(callee.Blocks) == 0 || depth <= 0 {
		return false
	}
	for _, a := range call.Args[1:] {
		if a == v {
			return false
		}
	}
	return onlyRead(callee.Params[0], depth-1, false)
}

// setupPath reports whether the field fa addresses is fixed at set-up:
// it is a set-up field, or a field of one (db.opt.Dir where opt is).
func (ks *keyState) setupPath(fa *ssa.FieldAddr) bool {
	for depth := 0; depth < 4; depth++ {
		if ks.setupField(fa.X, fa.Field) {
			return true
		}
		outer, ok := fa.X.(*ssa.FieldAddr)
		if !ok {
			return false
		}
		fa = outer
	}
	return false
}

// constructor reports whether fn builds and returns a new object: one of
// its results is always a fresh allocation (or nil).
func (ks *keyState) constructor(fn *ssa.Function) bool {
	if v, ok := ks.ctors[fn]; ok {
		return v
	}
	res := false
	for i := 0; i < fn.Signature.Results().Len() && !res; i++ {
		if !pointsToStruct(fn.Signature.Results().At(i).Type()) {
			continue
		}
		fresh := 0
		ok := true
		for _, v := range ssaq.ReturnedValues(fn, i) {
			switch v := ssaq.Unwrap(v).(type) {
			case *ssa.Alloc:
				fresh++
			case *ssa.Const:
				if !v.IsNil() {
					ok = false
				}
			default:
				ok = false
			}
		}
		res = ok && fresh > 0
	}
	ks.ctors[fn] = res
	return res
}
