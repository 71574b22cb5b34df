package ssaq

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// ReturnedValue returns the value ret returns as its result i.
//
// In a function with a defer (or whose named results stay in memory), SSA
// does not return the operands of a return statement: it stores them in
// the function's result slots (local Allocs), runs the deferred calls and
// returns what it loads back from the slots. ReturnedValue sees through a
// slot to the value the return statement stored in it, which the builder
// emits in ret's own block. It returns the loaded value itself when the
// slot was filled elsewhere (a naked return, a deferred closure that
// assigns a named result), and ret.Results[i] for a plain return.
func ReturnedValue(ret *ssa.Return, i int) ssa.Value {
	if i < 0 || i >= len(ret.Results) {
		return nil
	}
	r := ret.Results[i]
	slot := ResultSlot(r)
	if slot == nil {
		return r
	}
	b := ret.Block()
	at := -1
	for j, instr := range b.Instrs {
		if instr == ret {
			at = j
		}
	}
	for j := at - 1; j >= 0; j-- {
		if st, ok := b.Instrs[j].(*ssa.Store); ok && st.Addr == slot {
			return st.Val
		}
	}
	return r
}

// ResultSlot returns the result slot v is loaded from, or nil: a local,
// non-escaping Alloc of the function that v's load feeds into a Return.
func ResultSlot(v ssa.Value) *ssa.Alloc {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil
	}
	slot, ok := load.X.(*ssa.Alloc)
	if !ok || slot.Heap {
		return nil
	}
	return slot
}

// ReturnedValues returns every value fn may return as its result i,
// seeing through result slots (see ReturnedValue). The recover block,
// reached only when a deferred call recovers a panic, is left out.
func ReturnedValues(fn *ssa.Function, i int) []ssa.Value {
	var out []ssa.Value
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 || b == fn.Recover {
			continue
		}
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			if v := ReturnedValue(ret, i); v != nil {
				out = append(out, v)
			}
		}
	}
	return out
}
