package tickerstop

import (
	"fmt"
	"go/token"

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

// callSite is one way a package function is entered.
type callSite struct {
	instr  ssa.Instruction
	caller *ssa.Function
	args   []ssa.Value // the arguments, receiver first; nil for once/callback
	once   bool        // run by sync.Once.Do (per object)
	cb     bool        // run as an AfterFunc callback
}

// callSitesOf returns how fn is entered within the package, and false if
// it may also be entered from elsewhere (exported, or used as a value
// other than by sync.Once or time.AfterFunc).
func (c *checker) callSitesOf(fn *ssa.Function) ([]callSite, bool) {
	if c.sites == nil {
		c.buildSites()
	}
	if obj := fn.Object(); obj == nil || obj.Exported() || fn.Parent() != nil {
		return nil, false
	}
	sites, ok := c.sites[fn]
	for _, s := range sites {
		if s.instr == nil {
			return nil, false // used as a value
		}
	}
	return sites, ok
}

func (c *checker) buildSites() {
	c.sites = make(map[*ssa.Function][]callSite)
	for _, fn := range c.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case *ssa.Call, *ssa.Defer:
					common := x.(ssa.CallInstruction).Common()
					if callee := ssaq.Callee(common); callee != nil && c.inPkg[callee] && !common.IsInvoke() {
						c.sites[callee] = append(c.sites[callee], callSite{instr: instr, caller: fn, args: common.Args})
					}
				case *ssa.MakeClosure:
					m := c.funcOf(x)
					if m == nil || ssaq.FuncValue(x) == m {
						continue // a closure literal: its own uses decide elsewhere
					}
					// A bound method value x.m.
					c.sites[m] = append(c.sites[m], c.boundUses(x, fn)...)
				}
				// A named function used as a value.
				if _, isCall := instr.(ssa.CallInstruction); !isCall {
					for _, op := range instr.Operands(nil) {
						if op == nil || *op == nil {
							continue
						}
						if f, ok := (*op).(*ssa.Function); ok && c.inPkg[f] {
							c.sites[f] = append(c.sites[f], callSite{caller: fn})
						}
					}
				} else {
					for _, a := range instr.(ssa.CallInstruction).Common().Args {
						if f, ok := a.(*ssa.Function); ok && c.inPkg[f] {
							c.sites[f] = append(c.sites[f], callSite{caller: fn})
						}
					}
				}
			}
		}
	}
}

// boundUses classifies the uses of a bound method value: handed to
// sync.Once.Do, or to time.AfterFunc; anything else is a value use.
func (c *checker) boundUses(mc *ssa.MakeClosure, fn *ssa.Function) []callSite {
	var out []callSite
	if mc.Referrers() == nil {
		return nil
	}
	for _, r := range *mc.Referrers() {
		ci, ok := r.(ssa.CallInstruction)
		if !ok {
			if _, dbg := r.(*ssa.DebugRef); !dbg {
				out = append(out, callSite{caller: fn})
			}
			continue
		}
		callee := ssaq.Callee(ci.Common())
		switch {
		case ci.Common().Value == mc:
			out = append(out, callSite{instr: r, caller: fn, args: mc.Bindings})
		case ssaq.IsMethod(callee, "sync", "Once", "Do"):
			out = append(out, callSite{instr: r, caller: fn, once: true})
		case ssaq.IsFunc(callee, "time", "AfterFunc"):
			out = append(out, callSite{instr: r, caller: fn, cb: true})
		default:
			out = append(out, callSite{caller: fn})
		}
	}
	return out
}

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
	if freshPlace(st.Addr, fn) || nilGuarded(st, k) || c.stopBefore(fn, st, k) || c.inCallback(fn, k) {
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

// siteSafe reports whether entering helper through s cannot replace a
// pending timer in field k: the object is fresh at the call, the caller
// stops the field first, the helper runs once per object or as the
// field's callback, or the caller is itself a helper entered safely.
func (c *checker) siteSafe(s callSite, helper *ssa.Function, recv *ssa.Parameter, k fieldKey, depth int) bool {
	if s.once || s.cb || c.inCallback(s.caller, k) {
		return true
	}
	if recv != nil {
		if i := paramIndex(helper, recv); i >= 0 && i < len(s.args) && freshObj(s.args[i], s.caller) {
			return true
		}
	}
	if c.stopBefore(s.caller, s.instr, k) {
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

func paramIndex(fn *ssa.Function, p *ssa.Parameter) int {
	for i, q := range fn.Params {
		if q == p {
			return i
		}
	}
	return -1
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

// stateGuarded recognises a re-arm guarded by a state field:
//
//	if b.state == open { return }
//	b.state = open
//	b.probe = time.AfterFunc(...)
//
// The store runs only when the state is not C, and the function sets it to
// C: the timer can be pending again only after some function moves the
// state away from C. It is safe when each such function stops the timer
// (or is its callback, or initialises a fresh object); the others are
// returned as related. ok is false when there is no such guard.
func (c *checker) stateGuarded(fn *ssa.Function, st *ssa.Store, k fieldKey) (armVerdict, bool) {
	for dom := st.Block().Idom(); dom != nil; dom = dom.Idom() {
		if len(dom.Instrs) == 0 {
			continue
		}
		iff, ok := dom.Instrs[len(dom.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := iff.Cond.(*ssa.BinOp)
		if !ok || cmp.Op != token.EQL && cmp.Op != token.NEQ {
			continue
		}
		g, okG := fieldOf(cmp.X)
		cst, okC := cmp.Y.(*ssa.Const)
		if !okG || !okC || g == k {
			continue
		}
		// The successor that leads to the store must be "state != C".
		notC := 1
		if cmp.Op == token.NEQ {
			notC = 0
		}
		if !dom.Succs[notC].Dominates(st.Block()) || dom.Succs[1-notC].Dominates(st.Block()) {
			continue
		}
		if !storesConst(fn, g, cst) {
			continue
		}
		v := armVerdict{safe: true}
		for _, other := range c.funcs {
			if other == fn {
				continue
			}
			for _, b := range other.Blocks {
				for _, instr := range b.Instrs {
					s, ok := instr.(*ssa.Store)
					if !ok {
						continue
					}
					if sk, ok := fieldAddrKey(s.Addr); !ok || sk != g {
						continue
					}
					if sc, ok := s.Val.(*ssa.Const); ok && sc.Value != nil && cst.Value != nil && sc.Value.ExactString() == cst.Value.ExactString() {
						continue
					}
					if freshPlace(s.Addr, other) || c.inCallback(other, k) || c.stopsIn(other)[k] {
						continue
					}
					v.safe = false
					v.related = append(v.related, analysis.RelatedInformation{
						Pos:     s.Pos(),
						Message: fmt.Sprintf("%s moves %s back without stopping the timer, so the next arming replaces a pending one", ssaq.Name(other), g.fieldName()),
					})
				}
			}
		}
		return v, true
	}
	return armVerdict{}, false
}

// storesConst reports whether fn stores the constant cst into field g.
func storesConst(fn *ssa.Function, g fieldKey, cst *ssa.Const) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			s, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			if sk, ok := fieldAddrKey(s.Addr); ok && sk == g {
				if sc, ok := s.Val.(*ssa.Const); ok && sc.Value != nil && cst.Value != nil && sc.Value.ExactString() == cst.Value.ExactString() {
					return true
				}
			}
		}
	}
	return false
}
