package retention

import (
	"fmt"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/size"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// keeper is a long-lived place a view reaches.
type keeper struct {
	category string
	// how says how the view gets there, read after the view: "is stored
	// in package-level map \"ids\"", "is passed to cfg.Register, which
	// stores it in package-level map \"registry\"".
	how   string
	where string    // the place alone, for facts: "package-level map \"ids\""
	pos   token.Pos // where the view enters the place (or the path to it)
}

// flow is what following a value forward found.
type flow struct {
	keepers []keeper
	// returns are the result indices through which the value (itself, not
	// a container holding it) leaves its function.
	returns map[int]token.Pos
	// heldReturns are the result indices through which a value holding it
	// (a struct, a slice of views) leaves its function.
	heldReturns map[int]token.Pos
	// into are the parameters whose objects the value is stored into
	// (for a parameter followed for a summary).
	into map[int]bool
}

// walker follows a value forward through the instructions that keep
// referring to the same memory: conversions between named types, phis,
// local variables, fields and elements of local structs, slices and maps,
// append, and calls to functions whose summary says what they do with an
// argument. Anything else (a string/[]byte conversion, a clone, a copy, a
// call not known to keep its argument) ends the path: the view is not kept
// beyond it.
type walker struct {
	c *checker
	// param: it follows a parameter for a summary, where the objects of
	// other parameters are the caller's to judge.
	param bool
	// hops limits following returned values to callers and sent values to
	// receivers.
	hops int
	seen map[seenKey]bool
	out  flow
	// stop is a value not to follow (the view, when following the value it
	// is cut from).
	stop ssa.Value
}

type seenKey struct {
	v      ssa.Value
	holder bool
}

func (c *checker) follow(v ssa.Value, param bool, hops int) flow {
	return c.followAvoiding(v, nil, false, param, hops)
}

// followAvoiding is follow that does not go through the value stop; holder
// says v is not the view itself but holds it.
func (c *checker) followAvoiding(v, stop ssa.Value, holder, param bool, hops int) flow {
	w := &walker{c: c, param: param, hops: hops, seen: make(map[seenKey]bool), stop: stop}
	w.out.returns = make(map[int]token.Pos)
	w.out.heldReturns = make(map[int]token.Pos)
	w.out.into = make(map[int]bool)
	w.visit(v, holder, 0)
	return w.out
}

func (w *walker) keep(category, how, where string, pos token.Pos) {
	w.out.keepers = append(w.out.keepers, keeper{category: category, how: how, where: where, pos: pos})
}

// visit follows v; holder is set when v is not the view itself but a value
// that holds it (a struct, a slice of views, a map).
func (w *walker) visit(v ssa.Value, holder bool, depth int) {
	k := seenKey{v, holder}
	if v == nil || v == w.stop || depth > 16 || w.seen[k] {
		return
	}
	w.seen[k] = true
	refs := v.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.ChangeType, *ssa.ChangeInterface, *ssa.MakeInterface, *ssa.Phi, *ssa.TypeAssert:
			w.visit(r.(ssa.Value), holder, depth+1)
		case *ssa.Slice:
			// A subslice of a view is still one, of a holder still holds
			// it; a small view of it is reported on its own.
			if !w.c.isView[r] {
				w.visit(r, holder, depth+1)
			}
		case *ssa.Convert:
			if !holder && copies(r) || isUnsafe(r.Type()) {
				continue // string(b), []byte(s): a fresh copy; unsafe.Pointer, uintptr: bookkeeping
			}
			w.visit(r, holder, depth+1)
		case *ssa.UnOp:
			if _, ok := v.(*ssa.Alloc); ok && r.Op == token.MUL {
				w.visit(r, holder, depth+1) // a load of the variable that holds it
			}
		case *ssa.Store:
			if r.Val == v {
				w.stored(r, holder, depth)
			}
		case *ssa.MapUpdate:
			if r.Value == v || r.Key == v {
				w.intoMap(r.Map, r, depth)
			}
		case *ssa.Send:
			if r.X == v {
				w.sent(r)
			}
		case *ssa.Return:
			for i, res := range r.Results {
				switch {
				case res != v:
				case holder:
					w.out.heldReturns[i] = r.Pos()
				default:
					w.out.returns[i] = r.Pos()
				}
			}
		case *ssa.Call:
			w.call(r, &r.Call, v, holder, depth)
		case *ssa.Go:
			w.call(nil, &r.Call, v, holder, depth)
		case *ssa.Defer:
			w.call(nil, &r.Call, v, holder, depth)
		}
	}
}

// isUnsafe reports whether t is unsafe.Pointer or uintptr: a value
// converted to one is no longer followed.
func isUnsafe(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && (b.Kind() == types.UnsafePointer || b.Kind() == types.Uintptr)
}

// copies reports whether the conversion makes a fresh copy of its operand:
// between a string and a byte or rune slice.
func copies(cv *ssa.Convert) bool {
	return isString(cv.Type()) != isString(cv.X.Type())
}

// stored follows a store of the value.
func (w *walker) stored(st *ssa.Store, holder bool, depth int) {
	if a, ok := st.Addr.(*ssa.Alloc); ok {
		w.visit(a, holder, depth+1) // a local variable: follow its loads
		return
	}
	var obj ssa.Value // the object or collection stored into
	switch a := st.Addr.(type) {
	case *ssa.FieldAddr:
		obj = a.X
	case *ssa.IndexAddr:
		obj = a.X
	default:
		obj = st.Addr
	}
	if p := w.paramRoot(obj); p != nil {
		w.out.into[size.ParamIndex(p)] = true // the caller's object: its to judge
		return
	}
	if !freshObject(obj) {
		if pl, ok := w.c.long.Store(st.Addr); ok {
			w.keep("retention-"+pl.Kind, "is stored in "+pl.Where, pl.Where, st.Pos())
			return
		}
	}
	w.container(obj, st, depth)
}

// freshObject reports whether x is (a field or element of) an object
// allocated in this function: whether it lives long is decided by where
// the object goes, which the walker follows, not by its type (a fresh
// *os.File is not kept because os.Stdin is).
func freshObject(x ssa.Value) bool {
	for depth := 0; depth < 8; depth++ {
		switch v := ssaq.Unwrap(x).(type) {
		case *ssa.Alloc, *ssa.MakeMap, *ssa.MakeSlice:
			return true
		case *ssa.FieldAddr:
			x = v.X
		case *ssa.IndexAddr:
			x = v.X
		case *ssa.UnOp:
			if _, ok := v.X.(*ssa.Alloc); ok || v.Op != token.MUL {
				return false // a local variable holding a pointer: judged by type
			}
			x = v.X
		default:
			return false
		}
	}
	return false
}

// intoMap follows a map update of a key or value.
func (w *walker) intoMap(m ssa.Value, st ssa.Instruction, depth int) {
	if p := w.paramRoot(m); p != nil {
		w.out.into[size.ParamIndex(p)] = true
		return
	}
	if pl, ok := w.c.long.Container(m); ok && !freshObject(m) {
		w.keep("retention-"+pl.Kind, "is stored in "+pl.Where, pl.Where, st.Pos())
		return
	}
	w.container(m, st, depth)
}

// container follows the object or collection x that now holds the view: a
// local one is followed on as a holder; a parameter's is recorded for the
// summary.
func (w *walker) container(x ssa.Value, st ssa.Instruction, depth int) {
	switch x := ssaq.Unwrap(x).(type) {
	case *ssa.Alloc, *ssa.MakeSlice, *ssa.MakeMap:
		w.visit(x, true, depth+1)
	case *ssa.Parameter:
		if w.param {
			w.out.into[size.ParamIndex(x)] = true
		}
	case *ssa.UnOp:
		if a, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL {
			w.visit(a, true, depth+1) // a local variable holding the collection
		}
	case *ssa.FieldAddr:
		w.container(x.X, st, depth)
	}
}

// paramRoot returns the parameter whose object x is (a field of), when
// the walker follows a parameter for a summary; else nil.
func (w *walker) paramRoot(x ssa.Value) *ssa.Parameter {
	if !w.param {
		return nil
	}
	return ssaq.ParamRoot(x)
}

// call follows the value into a call: append, and functions whose summary
// says they store an argument, store it in another argument's object,
// return a view of it or return it in a result.
func (w *walker) call(res *ssa.Call, call *ssa.CallCommon, v ssa.Value, holder bool, depth int) {
	if ssaq.IsBuiltin(call, "append") {
		if len(call.Args) == 2 && res != nil {
			if call.Args[0] == v || call.Args[1] == v && holder {
				w.visit(res, holder, depth+1) // the grown slice is (or holds) it
			}
			// append(dst, view...) copies the view's elements: not kept.
		}
		return
	}
	fn := ssaq.Callee(call)
	if fn == nil || call.Value == v {
		return
	}
	s := w.c.summaryOf(fn)
	if s == nil {
		return
	}
	name := w.c.calleeName(fn)
	for i, a := range call.Args {
		if a != v {
			continue
		}
		p := size.ParamFor(call, i)
		for _, st := range s.Stores {
			if st.Param == p {
				w.keep(orDefault(st.Category, "retention-stored"), fmt.Sprintf("is passed to %s, which stores it in %s", name, st.Where), st.Where, call.Pos())
			}
		}
		for _, in := range s.StoresIn {
			if in.Param != p {
				continue
			}
			into := size.ArgFor(call, in.Into)
			if into == nil {
				continue
			}
			if pr := w.paramRoot(into); pr != nil {
				w.out.into[size.ParamIndex(pr)] = true
				continue
			}
			if why, ok := w.c.long.Object(into); ok {
				where := fmt.Sprintf("the %s %s", w.c.model.TypeString(into.Type()), why)
				w.keep("retention-stored", fmt.Sprintf("is passed to %s, which stores it in %s", name, where), where, call.Pos())
				continue
			}
			w.container(into, nil, depth)
		}
		if res == nil {
			continue
		}
		if !holder {
			for _, pv := range s.ParamViews {
				if pv.Param == p {
					w.visit(result(res, pv.Result), false, depth+1) // a view of the view
				}
			}
		}
		for _, h := range s.Holds {
			if h.Param == p {
				w.visit(result(res, 0), h.Field >= 0 || holder, depth+1)
			}
		}
	}
}

// sent follows a send on a channel held by a package-level var or a field:
// the value is kept when a goroutine of the package that receives from the
// same channel keeps what it receives.
func (w *walker) sent(s *ssa.Send) {
	if w.hops <= 0 {
		return
	}
	for _, recv := range w.c.receivesFrom(s.Chan) {
		f := w.c.follow(recv.v, false, w.hops-1)
		for _, k := range f.keepers {
			name := ssaq.Name(recv.fn)
			w.keep("retention-channel", fmt.Sprintf("is sent on %s to %s, which keeps it in %s", recv.ch, name, k.where), k.where, s.Pos())
		}
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// calleeName names fn for messages: "register", "(*Cache).Put",
// "cfg.Register".
func (c *checker) calleeName(fn *ssa.Function) string { return ssaq.CalleeName(fn, c.pass.Pkg) }
