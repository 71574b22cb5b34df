// Key domains with few values: constants, small integer types and ranges,
// enums, Go types.

package globalgrowth

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// boundedKey reports whether a map key comes from a small, fixed domain:
// a constant, a bool or an integer of at most 16 bits, an integer masked or
// reduced to a small range (x&7, x%64), or an enum-like named type whose
// package declares constants of it.
func boundedKey(k ssa.Value) bool {
	k = ssaq.Unwrap(k)
	if _, ok := k.(*ssa.Const); ok {
		return true
	}
	if typeKey(k.Type()) || smallRange(k, 3) {
		return true
	}
	if st, ok := k.Type().Underlying().(*types.Struct); ok && st.NumFields() == 0 {
		return true // struct{}: one value
	}
	if b, ok := k.Type().Underlying().(*types.Basic); ok {
		switch b.Kind() {
		case types.Bool, types.Int8, types.Uint8, types.Int16, types.Uint16:
			return true
		}
	}
	named, ok := types.Unalias(k.Type()).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return false
	}
	if _, basic := named.Underlying().(*types.Basic); !basic {
		return false
	}
	// A conversion from a non-constant of another type breaks the enum.
	if conv, ok := k.(*ssa.Convert); ok {
		if _, isConst := conv.X.(*ssa.Const); !isConst {
			return false
		}
	}
	return hasConsts(named)
}

// maxSmallKeys is the most values a key domain may have to count as small:
// the size of a 16-bit integer's.
const maxSmallKeys = 1 << 16

// smallRange reports whether the integer v takes at most maxSmallKeys
// values: x&c or x%c with a small constant c, a conversion of such a value
// (Severity(pri&7)), or a narrow integer widened.
func smallRange(v ssa.Value, depth int) bool {
	if depth == 0 || !isInteger(v.Type()) {
		return false
	}
	switch v := ssaq.Unwrap(v).(type) {
	case *ssa.Const:
		return true
	case *ssa.BinOp:
		switch v.Op {
		case token.AND:
			return smallConst(v.X) || smallConst(v.Y) || smallRange(v.X, depth-1) || smallRange(v.Y, depth-1)
		case token.REM:
			return smallConst(v.Y)
		}
	case *ssa.Convert:
		if b, ok := v.X.Type().Underlying().(*types.Basic); ok {
			switch b.Kind() {
			case types.Bool, types.Int8, types.Uint8, types.Int16, types.Uint16:
				return true
			}
		}
		return smallRange(v.X, depth-1)
	}
	return false
}

// smallConst reports whether v is a non-negative integer constant below
// maxSmallKeys.
func smallConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return false
	}
	n, exact := constant.Int64Val(c.Value)
	return exact && n >= 0 && n < maxSmallKeys
}

// typeKey reports whether t describes Go types (reflect.Type, *abi.Type,
// or a struct of those): a cache keyed by the program's types is bounded by
// the number of types it has.
func typeKey(t types.Type) bool {
	if typeDescriptor(t) {
		return true
	}
	// A struct of type descriptors and small scalars (a kind, a length).
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	found := false
	for i := 0; i < st.NumFields(); i++ {
		ft := st.Field(i).Type()
		switch {
		case typeDescriptor(ft):
			found = true
		case isString(ft):
			return false
		}
		if _, basic := ft.Underlying().(*types.Basic); !basic && !typeDescriptor(ft) {
			return false
		}
	}
	return found
}

// typeDescriptor reports whether t is reflect.Type or a pointer to one of
// the runtime's type descriptors (internal/abi, reflect's *rtype & co).
func typeDescriptor(t types.Type) bool {
	if ssaq.IsNamed(t, "reflect", "Type") {
		return true
	}
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	switch n.Obj().Pkg().Path() {
	case "internal/abi":
		return strings.HasSuffix(n.Obj().Name(), "Type")
	case "reflect":
		return strings.HasSuffix(strings.ToLower(n.Obj().Name()), "type")
	}
	return false
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// hasConsts reports whether named's package declares constants of it.
func hasConsts(named *types.Named) bool {
	scope := named.Obj().Pkg().Scope()
	for _, name := range scope.Names() {
		if c, ok := scope.Lookup(name).(*types.Const); ok && types.Identical(c.Type(), named) {
			return true
		}
	}
	return false
}
