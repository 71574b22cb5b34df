// Package longlived is the suite's one answer to "is this place
// long-lived": does a value stored there stay reachable for about the life
// of the process, rather than for one call or one request? closurecapture
// and retention ask it the same questions the same way.
//
// Long-lived places, per package:
//
//   - a package-level variable, and the elements of a package-level slice,
//     map or array (hooks, registries, caches);
//   - a field (or element of a field) of a long-lived object, also the
//     channel in such a field (what is sent waits there);
//   - a long-lived object is one reached from a package-level variable, or
//     an object of a long-lived type: a parameter, or a freshly built one
//     that outlives its function (returned, stored, sent, handed to a
//     goroutine; a local one used in place does not count);
//   - a long-lived type is a named type of the package that
//     (1) a package-level variable holds (var srv *Server),
//     (2) serves HTTP (has ServeHTTP(http.ResponseWriter, *http.Request)):
//     it is mounted on a server for the server's life, or
//     (3) runs a loop goroutine: a go statement starts one of its methods,
//     or runs in one, and that goroutine outlives its call (decided by
//     Config.LongGoroutine, the suite's goroutine-lifetime query).
//
// Code in _test.go files does not make a type long-lived. The answers are
// per package: a type of another package is not known to be long-lived.
package longlived

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// Place is a long-lived place where a value is stored.
type Place struct {
	// Kind is "global" (a package-level variable or an element of one),
	// "field" (a field of a long-lived object, or an element of it) or
	// "channel" (a channel held by a global or a long-lived object).
	Kind string
	// Where describes the place for messages: `package-level map "cache"`,
	// `field "title" of *StatusPage (which serves HTTP requests)`.
	Where string
}

// Config configures Places.
type Config struct {
	// Pkg is the package analysed; Funcs all its functions
	// (ssaq.PackageFuncs), in which go statements are looked for.
	Pkg   *types.Package
	Funcs []*ssa.Function
	// Fset locates positions, to leave out test files. Optional.
	Fset *token.FileSet
	// LongGoroutine reports whether the goroutine that g starts outlives
	// the call that starts it, and why ("never returns"). Optional: without
	// it, no type is long-lived for running a goroutine.
	LongGoroutine func(g *ssa.Go) (string, bool)
}

// Places answers whether places of one package are long-lived.
type Places struct {
	cfg   Config
	types map[*types.TypeName]string
}

// New classifies the named types of cfg.Pkg.
func New(cfg Config) *Places {
	p := &Places{cfg: cfg, types: make(map[*types.TypeName]string)}
	p.findTypes()
	return p
}

// Type reports whether values of t (or of what t points to) live long,
// and why: "which package-level var \"srv\" holds", "which serves HTTP
// requests", "which runs a goroutine that never returns".
func (p *Places) Type(t types.Type) (string, bool) {
	n, ok := types.Unalias(Deref(t)).(*types.Named)
	if !ok {
		return "", false
	}
	why, ok := p.types[n.Origin().Obj()]
	return why, ok
}

// Object reports whether the object x is or points to lives as long as the
// process, and why: a package-level variable, an object reached from one
// through fields, or an object (a parameter, a freshly allocated one) of a
// long-lived type.
func (p *Places) Object(x ssa.Value) (string, bool) {
	for depth := 0; depth < 6; depth++ {
		switch v := ssaq.Unwrap(x).(type) {
		case *ssa.Global:
			return fmt.Sprintf("that is package-level var %q", v.Name()), true
		case *ssa.FieldAddr:
			if why, ok := p.Type(v.X.Type()); ok {
				return why, true
			}
			x = v.X
			continue
		case *ssa.UnOp:
			if v.Op != token.MUL {
				return "", false
			}
			switch a := v.X.(type) {
			case *ssa.Global:
				return fmt.Sprintf("held by package-level var %q", a.Name()), true
			case *ssa.FieldAddr:
				x = a.X
				continue
			}
			if a, ok := v.X.(*ssa.Alloc); ok && !outlivesCall(a, 0) {
				return "", false
			}
			return p.Type(v.Type())
		case *ssa.Parameter:
			return p.Type(v.Type())
		case *ssa.Alloc:
			if !outlivesCall(v, 0) {
				return "", false // a local object of the type, dropped on return
			}
			return p.Type(v.Type())
		}
		return "", false
	}
	return "", false
}

// outlivesCall reports whether the fresh object a (or, for a variable
// holding a pointer, the object stored in it) may outlive its function:
// it is returned, stored in a global, a field or an element, sent on a
// channel, or handed to a goroutine. Objects only used and passed to
// calls in place do not count.
func outlivesCall(a *ssa.Alloc, depth int) bool {
	if depth > 3 {
		return false
	}
	if _, isPtr := Deref(a.Type()).Underlying().(*types.Pointer); isPtr {
		// A variable holding a pointer: judge the objects stored in it.
		if refs := a.Referrers(); refs != nil {
			for _, r := range *refs {
				if st, ok := r.(*ssa.Store); ok && st.Addr == a {
					if x, ok := ssaq.Unwrap(st.Val).(*ssa.Alloc); ok && outlivesCall(x, depth+1) {
						return true
					}
				}
			}
		}
	}
	for _, e := range ssaq.Escapes(a) {
		switch e.Kind {
		case ssaq.ToReturn, ssaq.ToGlobal, ssaq.ToField, ssaq.ToElement, ssaq.ToChannel:
			return true
		case ssaq.ToCall:
			if _, ok := e.Instr.(*ssa.Go); ok {
				return true
			}
		}
	}
	return false
}

// Store reports whether a store to addr (a Store's Addr) puts the value in
// a long-lived place: a package-level variable, an element of a
// package-level collection, a field of a long-lived object.
func (p *Places) Store(addr ssa.Value) (Place, bool) {
	switch a := addr.(type) {
	case *ssa.Global:
		what := "var"
		switch Deref(a.Type()).Underlying().(type) {
		case *types.Slice:
			what = "slice"
		case *types.Map:
			what = "map"
		}
		return Place{"global", fmt.Sprintf("package-level %s %q", what, a.Name())}, true
	case *ssa.FieldAddr:
		return p.Field(a)
	case *ssa.IndexAddr:
		return p.Container(a.X)
	}
	return Place{}, false
}

// Field reports whether field fa of its object is a long-lived place.
func (p *Places) Field(fa *ssa.FieldAddr) (Place, bool) {
	why, ok := p.Object(fa.X)
	if !ok {
		return Place{}, false
	}
	return Place{"field", fmt.Sprintf("field %q of %s (%s)", FieldName(fa.X.Type(), fa.Field), p.typeString(fa.X.Type()), why)}, true
}

// Container reports whether the elements of x (a slice, array or map: a
// MapUpdate's Map, an IndexAddr's X) are long-lived places: x is loaded
// from a package-level variable or from a field of a long-lived object.
func (p *Places) Container(x ssa.Value) (Place, bool) {
	x = ssaq.Unwrap(x)
	switch v := x.(type) {
	case *ssa.Global: // &arr[i] of a package-level array
		return Place{"global", fmt.Sprintf("package-level array %q", v.Name())}, true
	case *ssa.FieldAddr: // &s.arr[i]
		return p.Field(v)
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return Place{}, false
		}
		switch a := v.X.(type) {
		case *ssa.Global:
			kind := "slice"
			if _, ok := v.Type().Underlying().(*types.Map); ok {
				kind = "map"
			}
			return Place{"global", fmt.Sprintf("package-level %s %q", kind, a.Name())}, true
		case *ssa.FieldAddr:
			return p.Field(a)
		}
	}
	return Place{}, false
}

// Chan reports whether ch is a channel held by a package-level variable or
// a field of a long-lived object: what is sent on it waits there until
// someone receives it.
func (p *Places) Chan(ch ssa.Value) (Place, bool) {
	u, ok := ssaq.Unwrap(ch).(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return Place{}, false
	}
	switch a := u.X.(type) {
	case *ssa.Global:
		return Place{"channel", fmt.Sprintf("package-level channel %q", a.Name())}, true
	case *ssa.FieldAddr:
		if why, ok := p.Object(a.X); ok {
			return Place{"channel", fmt.Sprintf("channel field %q of %s (%s)", FieldName(a.X.Type(), a.Field), p.typeString(a.X.Type()), why)}, true
		}
	}
	return Place{}, false
}

func (p *Places) typeString(t types.Type) string {
	return types.TypeString(t, func(q *types.Package) string {
		if q == p.cfg.Pkg {
			return ""
		}
		return q.Name()
	})
}

func (p *Places) inTest(pos token.Pos) bool {
	if p.cfg.Fset == nil {
		return false
	}
	f := p.cfg.Fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

// own returns the package's named type t is or points to, or nil.
func (p *Places) own(t types.Type) *types.TypeName {
	n, ok := types.Unalias(Deref(t)).(*types.Named)
	if !ok || n.Obj().Pkg() != p.cfg.Pkg {
		return nil
	}
	return n.Origin().Obj()
}

func (p *Places) mark(obj *types.TypeName, why string) {
	if _, seen := p.types[obj]; !seen && obj != nil {
		p.types[obj] = why
	}
}

// findTypes records the package's long-lived named types.
func (p *Places) findTypes() {
	if p.cfg.Pkg == nil {
		return
	}
	scope := p.cfg.Pkg.Scope()
	for _, name := range scope.Names() {
		switch obj := scope.Lookup(name).(type) {
		case *types.Var:
			if !p.inTest(obj.Pos()) {
				p.mark(p.own(obj.Type()), fmt.Sprintf("which package-level var %q holds", obj.Name()))
			}
		case *types.TypeName:
			if ServesHTTP(obj.Type()) {
				p.mark(obj, "which serves HTTP requests")
			}
		}
	}
	if p.cfg.LongGoroutine == nil {
		return
	}
	for _, fn := range p.cfg.Funcs {
		if p.inTest(fn.Pos()) {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				g, ok := instr.(*ssa.Go)
				if !ok {
					continue
				}
				owner := p.goroutineOwner(g)
				if owner == nil {
					continue
				}
				if _, seen := p.types[owner]; seen {
					continue
				}
				if why, ok := p.cfg.LongGoroutine(g); ok {
					p.mark(owner, "which runs a goroutine that "+why)
				}
			}
		}
	}
}

// goroutineOwner returns the package's type whose goroutine g starts: the
// receiver type of the method the goroutine runs (go s.loop()), else of the
// method (or closure in a method) the go statement is in.
func (p *Places) goroutineOwner(g *ssa.Go) *types.TypeName {
	call := g.Common()
	if fn := call.StaticCallee(); fn != nil {
		if recv := fn.Signature.Recv(); recv != nil {
			if t := p.own(recv.Type()); t != nil {
				return t
			}
		}
		if fn.Synthetic != "" && len(fn.FreeVars) == 1 { // bound method value
			if t := p.own(fn.FreeVars[0].Type()); t != nil {
				return t
			}
		}
	}
	fn := g.Parent()
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if recv := fn.Signature.Recv(); recv != nil {
		return p.own(recv.Type())
	}
	return nil
}

// ServesHTTP reports whether t (or *t) has a method
// ServeHTTP(http.ResponseWriter, *http.Request).
func ServesHTTP(t types.Type) bool {
	ms := types.NewMethodSet(types.NewPointer(Deref(t)))
	sel := ms.Lookup(nil, "ServeHTTP")
	if sel == nil {
		// Methods of another package's embedded type are found with its
		// package; ServeHTTP is exported, so nil works for it.
		return false
	}
	sig, ok := sel.Obj().Type().(*types.Signature)
	return ok && sig.Params().Len() == 2 && ssaq.IsNamed(sig.Params().At(1).Type(), "net/http", "Request")
}

// Deref returns what a pointer type points to, else t.
func Deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
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
