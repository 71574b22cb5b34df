package blocking

import (
	"go/constant"
	"go/token"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// SelfBlockingSends returns the sends on the unbuffered channel mc that
// block forever because its maker reaches them before any other party can
// hold the channel (§4: a send with no receive left): on some path from
// the make to the send, no goroutine is started with it, no call is given
// it, and it is not stored anywhere but the local variable that holds it.
// Sends in a select with alternatives are not blocking. A channel whose
// capacity is not the constant 0 is not judged.
func SelfBlockingSends(mc *ssa.MakeChan) []*ssa.Send {
	k, ok := mc.Size.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return nil
	}
	if n, ok := constant.Int64Val(k.Value); !ok || n != 0 {
		return nil
	}
	var sends []*ssa.Send
	parties := make(map[ssa.Instruction]bool)
	ok = true
	var uses func(v ssa.Value, depth int)
	uses = func(v ssa.Value, depth int) {
		if depth > 4 {
			ok = false
			return
		}
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.Send:
				if r.Chan == v {
					sends = append(sends, r)
				} else {
					parties[r] = true // sent as a value to someone
				}
			case *ssa.Store:
				if r.Addr == v {
					continue // the variable is assigned (the make itself, or another channel)
				}
				if alloc, isAlloc := r.Addr.(*ssa.Alloc); isAlloc && r.Val == v && alloc.Parent() == mc.Parent() {
					if ssaq.StoredOnce(alloc) != v {
						ok = false // the variable holds other channels too
						return
					}
					uses(alloc, depth+1)
				} else {
					parties[r] = true
				}
			case *ssa.UnOp:
				if r.Op == token.MUL {
					uses(r, depth+1)
				} else {
					parties[r] = true // the maker receives: another shape
				}
			case *ssa.ChangeType:
				uses(r, depth+1)
			default:
				parties[r] = true
			}
		}
	}
	uses(mc, 0)
	if !ok || len(sends) == 0 {
		return nil
	}
	// A loop that hands the channel to a party (starts the workers) is
	// taken to run: its exits (the zero-trip one included) come after.
	exits := make(map[[2]*ssa.BasicBlock]bool)
	fn := mc.Parent()
	for header, in := range naturalLoops(fn).body {
		has := false
		for p := range parties {
			has = has || p.Block() != nil && p.Block().Parent() == fn && in[p.Block().Index]
		}
		if !has {
			continue
		}
		targets := make(map[*ssa.BasicBlock]bool)
		for _, b := range fn.Blocks {
			for _, s := range b.Succs {
				if in[b.Index] && !in[s.Index] {
					exits[[2]*ssa.BasicBlock{b, s}] = true
					targets[s] = true
				}
			}
		}
		// A rotated loop (range over an integer) tests for the zero-trip
		// case before its header: the guard's edge to where the loop's
		// exits go is the zero-trip exit.
		for _, guard := range fn.Blocks[header].Preds {
			if in[guard.Index] {
				continue
			}
			for _, s := range guard.Succs {
				if targets[s] {
					exits[[2]*ssa.BasicBlock{guard, s}] = true
				}
			}
		}
	}
	var out []*ssa.Send
	for _, s := range sends {
		if s.Parent() == mc.Parent() && ssaq.ReachesInstrAvoiding(mc, s,
			func(i ssa.Instruction) bool { return parties[i] },
			func(b *ssa.BasicBlock, i int) bool { return exits[[2]*ssa.BasicBlock{b, b.Succs[i]}] }) {
			out = append(out, s)
		}
	}
	return out
}
