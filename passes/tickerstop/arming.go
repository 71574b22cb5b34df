package tickerstop

import (
	"fmt"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// This file decides whether a store of a fresh timer into a field can
// replace a timer that is still pending (a re-arm that leaks the old one)
// or provably cannot (a first arming). It is judged by what the code does:
//
//   - the field belongs to an object allocated in the same function, also
//     a nested struct of it or an object reached by reloading a field the
//     function has just set to a fresh allocation;
//   - the store runs only when the field is nil (if t.f == nil { ... });
//   - a stop of the field (directly or in a helper, x.clear(), stop(&x.f))
//     can run before the store;
//   - the store runs in the field's own AfterFunc callback: its timer has
//     fired;
//   - the store is guarded by a state field (if s.state == open { return })
//     and every function that moves the state back stops the timer (or is
//     the callback);
//   - the storing function is a helper whose every call site is safe by
//     the rules above (a constructor calling it on the object it has just
//     allocated, a caller that stops the field first, sync.Once.Do).
//
// A helper call site that is not safe is where the leak happens: it is
// given as Related.

// armVerdict is the judgement of one store of a fresh timer into a field.
type armVerdict struct {
	safe bool
	// related are the places that make it a replacement: helper call
	// sites that do not stop the field first, state transitions back to
	// the arming state that do not stop the timer.
	related []analysis.RelatedInformation
}

// judgeArm decides whether the store st (in fn) of a fresh timer into
// field k can replace one that is still pending.
func (c *checker) judgeArm(fn *ssa.Function, st *ssa.Store, k fieldKey) armVerdict {
	if freshPlace(st.Addr, fn) || nilGuarded(st, k) || c.stopBefore(fn, st, k) || c.inCallback(fn, k) || c.closesResources(fn, 0) {
		return armVerdict{safe: true}
	}
	if v, ok := c.stateGuarded(fn, st, k); ok {
		return v
	}
	// A helper: judge it by its callers.
	recv := placeBase(st.Addr)
	if sites, ok := c.callSitesOf(fn); ok && len(sites) > 0 {
		v := armVerdict{safe: true}
		for _, s := range sites {
			if !c.siteSafe(s, fn, recv, k, 0) {
				v.safe = false
				v.related = append(v.related, analysis.RelatedInformation{
					Pos:     s.instr.Pos(),
					Message: fmt.Sprintf("%s is called here without stopping the pending timer first", ssaq.Name(fn)),
				})
			}
		}
		return v
	}
	return armVerdict{}
}

// armsAgain reports whether a field store of a fresh ticker or timer in
// fn may replace one that is still running: not when fn is a helper whose
// every call site is safe (entered on a fresh object, after the caller
// stopped the field, once per object). The caller has ruled out the
// local reasons (fresh object, nil guard, a stop in fn).
func (c *checker) armsAgain(fn *ssa.Function, st *ssa.Store, k fieldKey) bool {
	sites, ok := c.callSitesOf(fn)
	if !ok || len(sites) == 0 {
		return true
	}
	recv := placeBase(st.Addr)
	for _, s := range sites {
		if !c.siteSafe(s, fn, recv, k, 0) {
			return true
		}
	}
	return false
}

// siteSafe reports whether entering helper through s cannot replace a
// pending timer in field k: the object is fresh at the call, the caller
// stops the field first, the helper runs once per object or as the
// field's callback, or the caller is itself a helper entered safely.
func (c *checker) siteSafe(s callSite, helper *ssa.Function, recv *ssa.Parameter, k fieldKey, depth int) bool {
	if s.once || s.cb != nil && storesInto(s.cb, k) || c.inCallback(s.caller, k) {
		return true
	}
	if recv != nil {
		if i := paramIndex(helper, recv); i >= 0 && i < len(s.args) && freshObj(s.args[i], s.caller) {
			return true
		}
	}
	if c.stopBefore(s.caller, s.instr, k) || c.closesResources(s.caller, 0) {
		return true
	}
	if depth >= 3 {
		return false
	}
	sites, ok := c.callSitesOf(s.caller)
	if !ok || len(sites) == 0 {
		return false
	}
	for _, up := range sites {
		if !c.siteSafe(up, s.caller, nil, k, depth+1) {
			return false
		}
	}
	return true
}

// closesResources reports whether fn (or a package function it calls, a
// few levels deep) calls a Close() error method (io.Closer's): it is
// a teardown path, which runs once at the end of the owner's life, so a
// timer it arms (a delayed close) replaces nothing that is still needed.
func (c *checker) closesResources(fn *ssa.Function, depth int) bool {
	if depth > 3 {
		return false
	}
	return anyInstr(fn, func(i ssa.Instruction) bool {
		ci, ok := i.(ssa.CallInstruction)
		if !ok {
			return false
		}
		if _, isGo := i.(*ssa.Go); isGo {
			return false
		}
		common := ci.Common()
		var m *types.Func
		if common.IsInvoke() {
			m = common.Method
		} else if callee := ssaq.Callee(common); callee != nil {
			m, _ = callee.Object().(*types.Func)
		}
		if m != nil && m.Name() == "Close" {
			if sig, ok := m.Type().(*types.Signature); ok && sig.Params().Len() == 0 && closerResults(sig) && sig.Results().Len() == 1 {
				return true
			}
		}
		if callee := c.pkgCallee(i); callee != nil && callee != fn {
			return c.closesResources(callee, depth+1)
		}
		return false
	})
}

// placeBase returns the parameter whose object a field address belongs to
// (l.renew with l the receiver), or nil.
func placeBase(addr ssa.Value) *ssa.Parameter {
	for {
		switch x := addr.(type) {
		case *ssa.FieldAddr:
			addr = x.X
		case *ssa.Parameter:
			return x
		case *ssa.UnOp: // a parameter spilled to a variable a closure captures
			a, ok := x.X.(*ssa.Alloc)
			if !ok || x.Op != token.MUL || a.Referrers() == nil {
				return nil
			}
			var p *ssa.Parameter
			for _, r := range *a.Referrers() {
				if st, ok := r.(*ssa.Store); ok && st.Addr == a {
					q, ok := st.Val.(*ssa.Parameter)
					if !ok || p != nil {
						return nil
					}
					p = q
				}
			}
			return p
		default:
			return nil
		}
	}
}

// freshPlace reports whether a field address lies in an object allocated
// in fn (so the field holds its zero value until this store).
func freshPlace(addr ssa.Value, fn *ssa.Function) bool {
	fa, ok := addr.(*ssa.FieldAddr)
	return ok && freshObj(fa.X, fn)
}

// freshObj reports whether v denotes an object allocated in fn: an
// allocation, a struct nested in one, a local variable only ever set to
// fresh allocations, or a reload of a field fn sets to a fresh allocation.
func freshObj(v ssa.Value, fn *ssa.Function) bool {
	switch x := ssaq.Unwrap(v).(type) {
	case *ssa.Alloc:
		return true
	case *ssa.FieldAddr:
		return freshObj(x.X, fn)
	case *ssa.UnOp:
		if x.Op != token.MUL {
			return false
		}
		switch a := x.X.(type) {
		case *ssa.Alloc: // c := &T{}, with c captured by a closure: *c_var
			return onlyFreshStores(a)
		case *ssa.FieldAddr: // c.hs = &deadline{}; c.hs.t = ...
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					st, ok := instr.(*ssa.Store)
					if !ok {
						continue
					}
					if sa, ok := st.Addr.(*ssa.FieldAddr); ok && sa.X == a.X && sa.Field == a.Field {
						if _, fresh := ssaq.Unwrap(st.Val).(*ssa.Alloc); fresh {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// onlyFreshStores reports whether every store to a local variable stores
// a fresh allocation.
func onlyFreshStores(v *ssa.Alloc) bool {
	if v.Referrers() == nil {
		return false
	}
	n := 0
	for _, r := range *v.Referrers() {
		if s, ok := r.(*ssa.Store); ok && s.Addr == v {
			if _, fresh := s.Val.(*ssa.Alloc); !fresh {
				return false
			}
			n++
		}
	}
	return n > 0
}
