package globalgrowth

import (
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// kind is the sort of collection a location holds.
type kind int

const (
	notColl kind = iota
	mapColl
	sliceColl
	syncMapColl
	listColl
)

// collKind classifies t (after one pointer for sync.Map and list.List).
func collKind(t types.Type) kind {
	switch u := t.Underlying().(type) {
	case *types.Map:
		return mapColl
	case *types.Slice:
		return sliceColl
	case *types.Pointer:
		if ssaq.IsNamed(u.Elem(), "sync", "Map") {
			return syncMapColl
		}
		if ssaq.IsNamed(u.Elem(), "container/list", "List") {
			return listColl
		}
		return notColl
	}
	if ssaq.IsNamed(t, "sync", "Map") {
		return syncMapColl
	}
	if ssaq.IsNamed(t, "container/list", "List") {
		return listColl
	}
	return notColl
}

// structOf returns the struct type of t or *t, or nil.
func structOf(t types.Type) *types.Struct {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	s, _ := t.Underlying().(*types.Struct)
	return s
}

// A coll identifies a collection by where it lives: a package-level var or a
// parameter of the function being summarised (root), and optionally one
// field of the struct the root holds or points to.
type coll struct {
	root  ssa.Value // *ssa.Global or *ssa.Parameter
	field int       // -1: the root itself
}

var noColl coll

func (c coll) ok() bool { return c.root != nil }

// allFields stands for every field of root (a whole-struct store).
const allFields = -2

// structBase returns the root whose struct value ptr points to: a global
// struct var (ptr is the var's address), a global pointer-to-struct var
// (ptr is its loaded value), or a pointer-to-struct parameter.
func structBase(ptr ssa.Value) ssa.Value {
	if !pointsToStruct(ptr.Type()) {
		return nil
	}
	switch p := ptr.(type) {
	case *ssa.Global:
		return p
	case *ssa.Parameter:
		return p
	case *ssa.UnOp:
		if g, ok := p.X.(*ssa.Global); ok && p.Op == token.MUL {
			return g
		}
	case *ssa.ChangeType:
		return structBase(p.X)
	}
	return nil
}

// structBaseOfValue is structBase for a struct value: a load of a struct
// var, or a struct-typed parameter.
func structBaseOfValue(v ssa.Value) ssa.Value {
	if _, ok := v.Type().Underlying().(*types.Struct); !ok {
		return nil
	}
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op == token.MUL {
			if g, ok := v.X.(*ssa.Global); ok {
				return g
			}
		}
	case *ssa.Parameter:
		return v
	}
	return nil
}

// collPtr identifies the collection whose storage ptr points to:
// &g, a *sync.Map/*list.List loaded from g, &base.f, or a pointer parameter.
func collPtr(ptr ssa.Value) coll {
	switch p := ptr.(type) {
	case *ssa.Global:
		return coll{p, -1}
	case *ssa.Parameter:
		if _, isPtr := p.Type().Underlying().(*types.Pointer); isPtr {
			return coll{p, -1}
		}
	case *ssa.FieldAddr:
		if base := structBase(p.X); base != nil {
			return coll{base, p.Field}
		}
	case *ssa.UnOp:
		// A pointer loaded from a var or field: *sync.Map / *list.List.
		if p.Op == token.MUL {
			if _, isPtr := p.Type().Underlying().(*types.Pointer); isPtr {
				return collPtr(p.X)
			}
		}
	case *ssa.ChangeType:
		return collPtr(p.X)
	}
	return noColl
}

// collVal identifies the collection a map or slice value was loaded from.
func collVal(v ssa.Value) coll {
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return collPtr(v.X)
		}
	case *ssa.Parameter:
		switch v.Type().Underlying().(type) {
		case *types.Map, *types.Slice:
			return coll{v, -1}
		}
	case *ssa.Field:
		if base := structBaseOfValue(v.X); base != nil {
			return coll{base, v.Field}
		}
	case *ssa.ChangeType:
		return collVal(v.X)
	}
	return noColl
}

// typeOf returns the collection type c denotes.
func typeOf(c coll) types.Type {
	t := c.root.Type()
	if _, isGlobal := c.root.(*ssa.Global); isGlobal {
		t = t.Underlying().(*types.Pointer).Elem()
	}
	if c.field < 0 {
		if p, ok := t.Underlying().(*types.Pointer); ok && collKind(t) == notColl {
			t = p.Elem()
		}
		return t
	}
	s := structOf(t)
	if s == nil || c.field >= s.NumFields() {
		return nil
	}
	return s.Field(c.field).Type()
}

// pointsToStruct reports whether t is a pointer to a struct.
func pointsToStruct(t types.Type) bool {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	_, ok = p.Elem().Underlying().(*types.Struct)
	return ok
}

// holdsCollections reports whether c is a collection, or (for allFields) a
// struct with a collection among its fields: the only effects worth keeping.
func holdsCollections(c coll) bool {
	if c.field != allFields {
		t := typeOf(c)
		return t != nil && collKind(t) != notColl
	}
	t := c.root.Type()
	if _, isGlobal := c.root.(*ssa.Global); isGlobal {
		t = t.Underlying().(*types.Pointer).Elem()
	}
	st := structOf(t)
	if st == nil {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if collKind(st.Field(i).Type()) != notColl {
			return true
		}
	}
	return false
}
