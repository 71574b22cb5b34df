package tickerstop

import (
	"fmt"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// afterFuncFields returns the fields the package stores time.AfterFunc
// timers in (directly, or as an interface value such as an embedded
// interface{ Stop() bool }).
func (c *checker) afterFuncFields() map[fieldKey]bool {
	if c.afterFields == nil {
		c.afterFields = make(map[fieldKey]bool)
		for _, fn := range c.funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					call, ok := instr.(*ssa.Call)
					if !ok || !ssaq.IsFunc(ssaq.Callee(&call.Call), "time", "AfterFunc") || isPlaceholder(call) {
						continue
					}
					for _, e := range ssaq.Escapes(call) {
						if st, ok := e.Instr.(*ssa.Store); ok && e.Kind == ssaq.ToField {
							if k, ok := fieldAddrKey(st.Addr); ok {
								c.afterFields[k] = true
							}
						}
					}
				}
			}
		}
	}
	return c.afterFields
}

// checkRemoval reports delete(m, k) or clear(m) on a map (or clear on a
// slice) whose elements hold a pending AfterFunc timer in a field, in a
// function that does not stop that field (directly or in a helper) and is
// not the timer's own callback: the removed entry's callback stays
// pending, keeps the entry (and what it captures) alive until it fires,
// and still runs after the container let go of it.
func (c *checker) checkRemoval(fn *ssa.Function, call *ssa.Call) {
	if len(call.Call.Args) == 0 {
		return
	}
	m := call.Call.Args[0]
	var elem types.Type
	switch u := types.Unalias(m.Type()).Underlying().(type) {
	case *types.Map:
		elem = u.Elem()
	case *types.Slice:
		elem = u.Elem()
	default:
		return
	}
	if p, ok := types.Unalias(elem).(*types.Pointer); ok {
		elem = p.Elem()
	}
	named, ok := types.Unalias(elem).(*types.Named)
	if !ok {
		return
	}
	named = named.Origin()
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return
	}
	fields := c.afterFuncFields()
	for i := 0; i < st.NumFields(); i++ {
		k := fieldKey{Type: named, Index: i}
		if !fields[k] || c.removalSafe(fn, call, m, k, 0) {
			continue
		}
		what := "map"
		if f, ok := ssaq.LoadedField(m); ok {
			what = fmt.Sprintf("%s %s", what, f.Name())
		}
		if _, isSlice := types.Unalias(m.Type()).Underlying().(*types.Slice); isSlice {
			what = "slice"
		}
		c.report.Report(analysis.Diagnostic{
			Pos:      call.Pos(),
			Category: "afterfunc-entry-removed",
			Message: fmt.Sprintf("%s drops entries of %s whose field %q holds a time.AfterFunc timer without stopping it; each pending callback keeps its entry (and what it captures) alive until it fires, and still runs after removal; stop the entry's timer before removing it",
				builtinName(call), what, k.Name()),
		})
		return
	}
}

func builtinName(call *ssa.Call) string {
	if b, ok := call.Call.Value.(*ssa.Builtin); ok {
		return b.Name()
	}
	return "this call"
}

// removalSafe reports whether removing entries at instr (in fn) cannot
// drop a pending timer in field k of the entries: fn stops the field
// (directly or in a helper) or is the timer's own callback; the entry was
// inserted earlier in the same call and not armed yet (register, then
// unregister on failure); or fn is a helper whose every caller stops the
// field before calling it, is the callback, or is such a caller itself.
func (c *checker) removalSafe(fn *ssa.Function, instr ssa.Instruction, m ssa.Value, k fieldKey, depth int) bool {
	if c.stopsIn(fn)[k] || c.inCallback(fn, k) {
		return true
	}
	if mf, ok := ssaq.LoadedField(m); ok && c.registeredUnarmed(fn, instr, mf, k) {
		return true
	}
	if depth >= 2 {
		return false
	}
	sites, ok := c.callSitesOf(fn)
	if !ok || len(sites) == 0 {
		return false
	}
	for _, s := range sites {
		if s.instr == nil {
			return false
		}
		if c.inCallback(s.caller, k) || c.stopBefore(s.caller, s.instr, k) {
			continue
		}
		if c.registeredUnarmed(s.caller, s.instr, mapFieldOf(m), k) {
			continue
		}
		if !c.removalSafe(s.caller, s.instr, nil, k, depth+1) {
			return false
		}
	}
	return true
}

func mapFieldOf(m ssa.Value) fieldKey {
	if mf, ok := ssaq.LoadedField(m); ok {
		return mf
	}
	return fieldKey{}
}

// registeredUnarmed reports whether, before instr, fn inserts into the
// map in field mk (directly or in a helper it calls) and stores nothing
// into timer field k (directly or in a helper): the entry removed is the
// one just registered, whose timer is not armed yet.
func (c *checker) registeredUnarmed(fn *ssa.Function, instr ssa.Instruction, mk, k fieldKey) bool {
	if mk.Type == nil {
		return false
	}
	insert := func(i ssa.Instruction) bool {
		mu, ok := i.(*ssa.MapUpdate)
		if !ok {
			return false
		}
		f, ok := ssaq.LoadedField(mu.Map)
		return ok && (f) == mk
	}
	arm := func(i ssa.Instruction) bool {
		st, ok := i.(*ssa.Store)
		if !ok {
			return false
		}
		fk, ok := fieldAddrKey(st.Addr)
		return ok && fk == k
	}
	found, armed := false, false
	eachBefore(fn, instr, func(i ssa.Instruction) {
		found = found || insert(i)
		armed = armed || arm(i)
		if callee := c.pkgCallee(i); callee != nil {
			found = found || anyInstr(callee, insert)
			armed = armed || anyInstr(callee, arm)
		}
	})
	return found && !armed
}

func anyInstr(fn *ssa.Function, pred func(ssa.Instruction) bool) bool {
	for _, b := range fn.Blocks {
		for _, i := range b.Instrs {
			if pred(i) {
				return true
			}
		}
	}
	return false
}

// eachBefore calls f for the instructions of fn that can run before instr:
// earlier in its block, or in a block from which its block is reachable.
func eachBefore(fn *ssa.Function, instr ssa.Instruction, f func(ssa.Instruction)) {
	target := instr.Block()
	for _, b := range fn.Blocks {
		if b != target && !ssaq.ReachesAvoiding(b, target, nil) {
			continue
		}
		for _, i := range b.Instrs {
			if b == target && i == instr {
				break
			}
			f(i)
		}
	}
}
