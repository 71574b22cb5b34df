// Guards that bound growth where it happens: length checks and presence
// tests whose failing branch panics or returns an error.

package globalgrowth

import (
	"go/constant"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// guardedGrowth reports whether growth of c at instr is dominated by a
// check on c's length, or by a duplicate-key check whose failing branch
// panics or returns a non-nil error (registration).
func guardedGrowth(instr ssa.Instruction, c coll) bool {
	b := instr.Block()
	for dom := b.Idom(); dom != nil; dom = dom.Idom() {
		if len(dom.Instrs) == 0 {
			continue
		}
		ifInstr, ok := dom.Instrs[len(dom.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		if mentionsLen(ifInstr.Cond, c, 4) && skipsOnOneBranch(dom, b) {
			return true
		}
		if presenceTest(ifInstr.Cond, 4) {
			for _, s := range dom.Succs {
				if !s.Dominates(b) && failsLoudly(s, b) {
					return true
				}
			}
		}
	}
	return false
}

// skipsOnOneBranch reports whether one successor of the If block dom
// cannot reach b without passing dom again: the check keeps that branch
// from the growth (a return, a break, a continue). A length check whose
// branches both go on to grow (one only logs) bounds nothing.
func skipsOnOneBranch(dom, b *ssa.BasicBlock) bool {
	for _, s := range dom.Succs {
		seen := map[*ssa.BasicBlock]bool{dom: true, s: true}
		work := []*ssa.BasicBlock{s}
		reaches := false
		for len(work) > 0 && !reaches {
			x := work[len(work)-1]
			work = work[:len(work)-1]
			if x == b {
				reaches = true
				break
			}
			for _, y := range x.Succs {
				if !seen[y] {
					seen[y] = true
					work = append(work, y)
				}
			}
		}
		if !reaches {
			return true
		}
	}
	return false
}

// loadedFailsLoudly reports whether the "loaded" result of a sync.Map
// LoadOrStore call decides a branch that panics or returns an error: the
// store is a registration that refuses duplicates (expvar.Publish).
func loadedFailsLoudly(call ssa.CallInstruction) bool {
	v, ok := call.(*ssa.Call)
	if !ok || v.Referrers() == nil {
		return false
	}
	for _, r := range *v.Referrers() {
		ex, ok := r.(*ssa.Extract)
		if !ok || ex.Index != 1 || ex.Referrers() == nil {
			continue
		}
		for _, u := range *ex.Referrers() {
			if ifInstr, ok := u.(*ssa.If); ok {
				if failsLoudly(ifInstr.Block().Succs[0], nil) {
					return true
				}
			}
		}
	}
	return false
}

// mentionsLen reports whether v computes from len(c) or c.Len().
func mentionsLen(v ssa.Value, c coll, depth int) bool {
	if depth == 0 {
		return false
	}
	switch v := v.(type) {
	case *ssa.BinOp:
		return mentionsLen(v.X, c, depth-1) || mentionsLen(v.Y, c, depth-1)
	case *ssa.UnOp:
		return mentionsLen(v.X, c, depth-1)
	case *ssa.Call:
		if ssaq.IsBuiltin(&v.Call, "len") {
			return handle(v.Call.Args[0]) == c
		}
		if fn := v.Call.StaticCallee(); fn != nil && fn.Name() == "Len" && len(v.Call.Args) == 1 {
			return handle(v.Call.Args[0]) == c
		}
	case *ssa.Phi:
		for _, e := range v.Edges {
			if mentionsLen(e, c, depth-1) {
				return true
			}
		}
	}
	return false
}

// presenceTest reports whether v tests whether a key is present in a map
// or sync.Map (_, ok := m[k]; m[k] != nil; if set[k]; m.Load(k)), whichever
// registry it consults: a duplicate-key check (registration) when the
// present branch fails, an update of existing keys only when the absent
// one does. A check of the value stored under the key (a quota:
// m[k]+n > limit) is not one: it fails for new keys and old alike.
func presenceTest(v ssa.Value, depth int) bool {
	if depth == 0 {
		return false
	}
	switch v := v.(type) {
	case *ssa.UnOp:
		return v.Op == token.NOT && presenceTest(v.X, depth-1)
	case *ssa.Extract:
		return v.Index == 1 && lookupTuple(v.Tuple)
	case *ssa.Lookup:
		return isMapLookup(v) && isBool(v.Type()) // if set[k] { ... }
	case *ssa.BinOp:
		if v.Op != token.EQL && v.Op != token.NEQ {
			return false
		}
		return zeroConst(v.Y) && lookedUp(v.X) || zeroConst(v.X) && lookedUp(v.Y)
	}
	return false
}

// lookupTuple reports whether t is the (value, ok) of a map lookup or of a
// sync.Map Load/LoadOrStore.
func lookupTuple(t ssa.Value) bool {
	switch t := t.(type) {
	case *ssa.Lookup:
		return isMapLookup(t)
	case *ssa.Call:
		fn := t.Call.StaticCallee()
		return ssaq.IsMethod(fn, "sync", "Map", "Load") || ssaq.IsMethod(fn, "sync", "Map", "LoadOrStore")
	}
	return false
}

// lookedUp reports whether v is the value a map lookup found.
func lookedUp(v ssa.Value) bool {
	switch v := ssaq.Unwrap(v).(type) {
	case *ssa.Lookup:
		return isMapLookup(v)
	case *ssa.Extract:
		return v.Index == 0 && lookupTuple(v.Tuple)
	}
	return false
}

func isMapLookup(l *ssa.Lookup) bool {
	_, isMap := l.X.Type().Underlying().(*types.Map)
	return isMap
}

func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// zeroConst reports whether v is the constant zero value of its type.
func zeroConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	if !ok {
		return false
	}
	if c.Value == nil {
		return true
	}
	switch c.Value.Kind() {
	case constant.Int, constant.Float:
		return constant.Sign(c.Value) == 0
	case constant.String:
		return constant.StringVal(c.Value) == ""
	case constant.Bool:
		return !constant.BoolVal(c.Value)
	}
	return false
}

// failsLoudly reports whether every path from start that does not reach
// avoid ends in a panic or returns a non-nil error.
func failsLoudly(start, avoid *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{start: true}
	stack := []*ssa.BasicBlock{start}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b == avoid {
			return false
		}
		if len(b.Instrs) == 0 {
			return false
		}
		switch last := b.Instrs[len(b.Instrs)-1].(type) {
		case *ssa.Panic:
			continue
		case *ssa.Return:
			if !returnsError(last) {
				return false
			}
			continue
		}
		if len(b.Succs) == 0 {
			continue // a call that never returns (log.Fatal, os.Exit)
		}
		for _, s := range b.Succs {
			if !seen[s] {
				seen[s] = true
				stack = append(stack, s)
			}
		}
	}
	return true
}

// returnsError reports whether ret returns a non-nil error value. With a
// defer, results come back through result slots: the value is the one the
// return statement stored, and a slot filled elsewhere is not known to hold
// an error.
func returnsError(ret *ssa.Return) bool {
	for i, r := range ret.Results {
		if !types.Identical(r.Type(), types.Universe.Lookup("error").Type()) {
			continue
		}
		v := ssaq.ReturnedValue(ret, i)
		if c, ok := v.(*ssa.Const); ok && (c.Value == nil || c.Value.Kind() == constant.Unknown) {
			continue // nil
		}
		if ssaq.ResultSlot(v) != nil {
			continue // set by a naked return or a deferred call: unknown
		}
		return true
	}
	return false
}
