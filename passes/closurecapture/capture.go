package closurecapture

// This file finds what a closure (or a method value) captures: the
// variable, its origin and size (through internal/size), whether it may be
// replaced, and whether something other than the closure keeps it alive.

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/size"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// capture is what a closure's binding refers to.
type capture struct {
	name  string
	alloc *ssa.Alloc       // the captured variable
	mc    *ssa.MakeClosure // the closure made in alloc's function (the outermost, for nested ones)
	size  size.Size
	param int       // index of the parameter stored in the variable, or -1
	value ssa.Value // the value stored in it (the origin)
	short int64     // > 0: the value is a short constant sub-slice of a large one, this many bytes
}

// captured finds what binding b of closure mc holds, following nested
// closures out to the function that declares the variable. ok is false
// when the variable may be replaced after the closure is made, or is
// written by a closure.
func (c *checker) captured(mc *ssa.MakeClosure, b ssa.Value) (capture, bool) {
	for depth := 0; ; depth++ {
		fv, isFree := b.(*ssa.FreeVar)
		if !isFree || depth > 4 {
			break
		}
		// The enclosing closure captured it: find where that closure is made.
		outer := fv.Parent()
		j := -1
		for i, f := range outer.FreeVars {
			if f == fv {
				j = i
			}
		}
		omc := makerOf(outer)
		if omc == nil || j < 0 || j >= len(omc.Bindings) {
			return capture{}, false
		}
		mc, b = omc, omc.Bindings[j]
	}
	alloc, ok := b.(*ssa.Alloc)
	if !ok {
		return capture{}, false
	}
	cp := capture{name: alloc.Comment, alloc: alloc, mc: mc, param: -1, size: c.m.Type(size.Deref(alloc.Type()))}
	refs := alloc.Referrers()
	if refs == nil {
		return capture{}, false
	}
	replaced := false // a large value stored first was replaced before the closure
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != alloc {
				continue
			}
			if storedAfter(mc, r, alloc) {
				return capture{}, false // may be replaced (data = nil) before the closure runs
			}
			if overwrittenBefore(r, mc, alloc) {
				replaced = true
				continue // data = bytes.Clone(data[:64]): the closure never sees it
			}
			if p, ok := r.Val.(*ssa.Parameter); ok {
				cp.param, cp.value = size.ParamIndex(p), p
			}
			if s := c.m.Of(r.Val); s.Large() && !cp.size.Large() {
				cp.size, cp.value = s, r.Val
			}
		case *ssa.MakeClosure:
			if writtenIn(r, alloc) {
				return capture{}, false
			}
		}
	}
	if !cp.size.Large() {
		if replaced {
			return capture{}, false // what the closure sees is the replacement
		}
		// Filled in place: decoded into, set field by field, or a buffer
		// copied into.
		if fieldStoredAfter(mc, alloc) {
			return capture{}, false
		}
		cp.size = c.m.Var(alloc)
	}
	if sl, ok := cp.value.(*ssa.Slice); ok && cp.size.Large() {
		if n, short := c.m.ShortSlice(sl); short {
			cp.short = max(n, 1)
		}
	}
	return cp, true
}

// overwrittenBefore reports whether every path from the store st to the
// closure's creation mc assigns the variable alloc again (and st cannot
// run after mc: storedAfter is false), so the value st stores is never the
// one the closure captures.
func overwrittenBefore(st *ssa.Store, mc ssa.Instruction, alloc *ssa.Alloc) bool {
	return !ssaq.ReachesInstrAvoiding(st, mc, func(i ssa.Instruction) bool {
		other, ok := i.(*ssa.Store)
		return ok && other != st && other.Addr == alloc
	}, nil)
}

// makerOf returns the unique MakeClosure that creates closure fn.
func makerOf(fn *ssa.Function) *ssa.MakeClosure {
	parent := fn.Parent()
	if parent == nil {
		return nil
	}
	var found *ssa.MakeClosure
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				if found != nil {
					return nil
				}
				found = mc
			}
		}
	}
	return found
}

// writtenIn reports whether the closure mc (or one nested in it) assigns
// the variable alloc.
func writtenIn(mc *ssa.MakeClosure, alloc ssa.Value) bool {
	fn := ssaq.FuncValue(mc)
	if fn == nil {
		return true
	}
	for i, b := range mc.Bindings {
		if b != alloc || i >= len(fn.FreeVars) {
			continue
		}
		refs := fn.FreeVars[i].Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr == fn.FreeVars[i] {
					return true
				}
			case *ssa.MakeClosure:
				if writtenIn(r, fn.FreeVars[i]) {
					return true
				}
			}
		}
	}
	return false
}

// fieldStoredAfter reports whether a field of the variable alloc (or of
// the struct it points to) may be assigned after mc: up.Data = nil.
func fieldStoredAfter(mc ssa.Instruction, alloc *ssa.Alloc) bool {
	for _, p := range size.AddrsOf(alloc) {
		for _, fa := range size.FieldAddrsOf(p) {
			for _, st := range size.StoresTo(fa) {
				if storedAfter(mc, st, alloc) {
					return true
				}
			}
		}
	}
	return false
}

// storedAfter reports whether store st can run after mc without the
// variable being declared afresh (a new iteration's variable is another
// variable).
func storedAfter(mc ssa.Instruction, st *ssa.Store, alloc *ssa.Alloc) bool {
	return ssaq.ReachesInstrAvoiding(mc, st, func(i ssa.Instruction) bool { return i == alloc }, nil)
}

// retainedElsewhere reports whether v is kept alive by something other
// than closures: stored in a global, a field of an object that outlives the
// function, an element or a channel, or (when returns is set) returned to
// the caller. Then the closure adds nothing to its lifetime. For a closure
// kept for the life of the process (a hook, a registry, a handler: see
// outlivesCallers), returning the value does not count: the caller may
// drop it while the closure lives on.
func retainedElsewhere(v ssa.Value, returns bool, depth int) bool {
	if v == nil || depth > 3 {
		return false
	}
	switch x := v.(type) {
	case *ssa.Slice:
		// A sub-slice shares its base: kept alive if the base is.
		if retainedElsewhere(x.X, returns, depth+1) {
			return true
		}
	case *ssa.UnOp:
		if a, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL && retainedElsewhere(a, returns, depth+1) {
			return true
		}
	case *ssa.Alloc:
		// What is loaded from the variable may be kept: a pointer
		// (orders[o.ID] = o), a struct copy sharing its slices
		// (docs = append(docs, doc)).
		if refs := x.Referrers(); refs != nil {
			for _, r := range *refs {
				if u, ok := r.(*ssa.UnOp); ok && u.Op == token.MUL && retainedElsewhere(u, returns, depth+1) {
					return true
				}
			}
		}
	}
	for _, e := range ssaq.Escapes(v) {
		switch e.Kind {
		case ssaq.ToClosure, ssaq.ToCall:
		case ssaq.ToReturn:
			if returns {
				return true
			}
		case ssaq.ToField:
			if fa, ok := e.Instr.(*ssa.FieldAddr); ok && !fieldRetained(fa, returns, depth) {
				continue // a field of the variable read in place (f.Seq)
			}
			// Into a fresh local struct: it matters only if that escapes.
			if st, ok := e.Instr.(*ssa.Store); ok {
				if fa, ok := st.Addr.(*ssa.FieldAddr); ok {
					if a, ok := fa.X.(*ssa.Alloc); ok {
						if retainedElsewhere(a, returns, depth+1) {
							return true
						}
						continue
					}
				}
			}
			return true
		default:
			return true
		}
	}
	return false
}

// outlivesCallers reports whether one of the sinks keeps the closure for
// the life of the process, beyond any caller: a package-level var or
// registry, a field of a long-lived object, an HTTP handler, a long-lived
// channel, a callee's long-lived store. Timers, finalizers and goroutines
// that block may end.
func outlivesCallers(long []sink) bool {
	for _, s := range long {
		switch s.category {
		case "capture-global", "capture-field", "capture-handler", "capture-channel", "capture-stored":
			return true
		}
	}
	return false
}

// fieldRetained reports whether the field address fa (of a local
// variable) lets the variable's memory go elsewhere: its address is
// passed on, or the field's value is retained. Reading a field, or storing
// into it, does not.
func fieldRetained(fa *ssa.FieldAddr, returns bool, depth int) bool {
	refs := fa.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if r.Addr != fa {
				return true
			}
		case *ssa.UnOp:
			if r.Op != token.MUL || size.CanHold(r.Type()) && retainedElsewhere(r, returns, depth+1) {
				return true
			}
		case *ssa.FieldAddr:
			if fieldRetained(r, returns, depth+1) {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// otherWholeUse reports whether another closure capturing the same variable
// uses it whole: the value is then meant to stay alive.
func (c *checker) otherWholeUse(cp capture, mine *ssa.MakeClosure) bool {
	refs := cp.alloc.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		mc, ok := r.(*ssa.MakeClosure)
		if !ok || mc == mine {
			continue
		}
		fn := ssaq.FuncValue(mc)
		for i, b := range mc.Bindings {
			if b == cp.alloc && fn != nil && i < len(fn.FreeVars) {
				if _, ok := c.usesOf(fn, fn.FreeVars[i], cp.name, cp.size.Field, 0); !ok {
					return true
				}
			}
		}
	}
	return false
}

// boundMethod returns the method a bound method wrapper calls.
func boundMethod(wrapper *ssa.Function) *ssa.Function {
	for _, b := range wrapper.Blocks {
		for _, instr := range b.Instrs {
			if ci, ok := instr.(ssa.CallInstruction); ok {
				return ci.Common().StaticCallee()
			}
		}
	}
	return nil
}

// valueName names the variable v was loaded from, for messages.
func valueName(v ssa.Value) string {
	switch x := ssaq.Unwrap(v).(type) {
	case *ssa.UnOp:
		if a, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL && a.Comment != "" {
			return a.Comment
		}
		if fv, ok := x.X.(*ssa.FreeVar); ok && x.Op == token.MUL {
			return fv.Name()
		}
	case *ssa.Alloc:
		if x.Comment != "" {
			return x.Comment
		}
	case *ssa.Parameter:
		return x.Name()
	}
	return "receiver"
}

// receiverText spells the receiver of the method value mc as the source
// does (b in b.flush), when short.
func (c *checker) receiverText(mc *ssa.MakeClosure) string {
	file := ssaq.FileOf(c.pass.Files, mc.Pos())
	if file == nil {
		return ""
	}
	text := ""
	ast.Inspect(file, func(n ast.Node) bool {
		if text != "" || n == nil || !(n.Pos() <= mc.Pos() && mc.Pos() < n.End()) {
			return false
		}
		if sel, ok := n.(*ast.SelectorExpr); ok && (sel.Sel.Pos() == mc.Pos() || sel.Pos() == mc.Pos()) {
			if t := types.ExprString(sel.X); len(t) <= 32 {
				text = t
			}
			return false
		}
		return true
	})
	return text
}
