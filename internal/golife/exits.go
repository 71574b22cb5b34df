package golife

import (
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// This file finds a goroutine body's exits and the signal each waits for.

// exits computes the earliest signal fn needs to reach a return, run
// through fr.
func (in *Info) exits(fn *ssa.Function, fr frame, depth int) (Signal, []Wait) {
	instrSig := make(map[ssa.Instruction]Wait)
	edgeSig := make(map[edge]Wait)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.UnOp:
				if x.Op == token.ARROW {
					if ssaq.TimeChan(x.X) != "" {
						continue // a timer's channel delivers
					}
					s, why := in.chanSignal(x.X, fr, depth)
					if s > PerCall {
						instrSig[x] = Wait{x.Pos(), s, why}
					}
				}
			case *ssa.Select:
				in.selectWaits(x, fr, depth, edgeSig)
			case *ssa.Call:
				if depth >= 1 {
					continue
				}
				callee := ssaq.Callee(&x.Call)
				if callee == nil || !in.inPkg[callee] || callee == fn || len(callee.Blocks) == 0 {
					continue
				}
				if s, ws := in.exits(callee, frame{site: x, spawner: fr.spawner}, depth+1); s > PerCall {
					why := ssaq.Name(callee) + " does not return"
					if len(ws) > 0 {
						why = ws[0].Why
					}
					instrSig[x] = Wait{x.Pos(), s, why}
				}
			}
		}
	}
	var waits []Wait
	seenWait := map[token.Pos]bool{}
	note := func(w Wait) {
		if !seenWait[w.Pos] {
			seenWait[w.Pos] = true
			waits = append(waits, w)
		}
	}
	reach := func(level Signal) bool {
		return returns(fn, func(instr ssa.Instruction) bool {
			w, ok := instrSig[instr]
			if ok && w.Signal >= level {
				note(w)
				return true
			}
			return false
		}, func(b *ssa.BasicBlock, succ int) bool {
			if ssaq.TimeChanClosedEdge(b, succ) {
				note(Wait{closedEdgePos(b), Never, "it ranges over a ticker's channel, which the runtime never closes"})
				return true
			}
			w, ok := edgeSig[edge{b, succ}]
			if ok && w.Signal >= level {
				note(w)
				return true
			}
			return false
		})
	}
	switch {
	case reach(Owner):
		return PerCall, nil
	case reach(Never):
		return Owner, waits
	}
	return Never, waits
}

type edge struct {
	b    *ssa.BasicBlock
	succ int
}

// selectWaits records, for a blocking select, the edge into each receive
// case's body with the signal of its channel.
func (in *Info) selectWaits(sel *ssa.Select, fr frame, depth int, out map[edge]Wait) {
	if !sel.Blocking {
		return // the default case is always possible
	}
	sigs := make([]Wait, len(sel.States))
	for i, st := range sel.States {
		if st.Dir != types.RecvOnly || ssaq.TimeChan(st.Chan) != "" {
			continue
		}
		s, why := in.chanSignal(st.Chan, fr, depth)
		sigs[i] = Wait{st.Pos, s, why}
	}
	// idx := extract sel #0; if idx == i goto case_i else next
	if sel.Referrers() == nil {
		return
	}
	for _, r := range *sel.Referrers() {
		ext, ok := r.(*ssa.Extract)
		if !ok || ext.Index != 0 || ext.Referrers() == nil {
			continue
		}
		for _, r2 := range *ext.Referrers() {
			cmp, ok := r2.(*ssa.BinOp)
			if !ok || cmp.Op != token.EQL || cmp.X != ext {
				continue
			}
			c, ok := cmp.Y.(*ssa.Const)
			if !ok || c.Value == nil {
				continue
			}
			i := int(c.Int64())
			if i < 0 || i >= len(sigs) || sigs[i].Signal == PerCall {
				continue
			}
			b := cmp.Block()
			if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok && iff.Cond == cmp {
				out[edge{b, 0}] = sigs[i]
			}
		}
	}
}

// returns reports whether a return of fn is reachable from its entry
// without passing an instruction avoid blocks or an edge skip removes.
func returns(fn *ssa.Function, avoid func(ssa.Instruction) bool, skip func(*ssa.BasicBlock, int) bool) bool {
	if len(fn.Blocks) == 0 {
		return true
	}
	seen := make([]bool, len(fn.Blocks))
	stack := []*ssa.BasicBlock{fn.Blocks[0]}
	seen[0] = true
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		blocked := false
		for _, instr := range b.Instrs {
			if avoid(instr) {
				blocked = true
				break
			}
			if _, ok := instr.(*ssa.Return); ok {
				return true
			}
		}
		if blocked {
			continue
		}
		for i, s := range b.Succs {
			if !seen[s.Index] && !skip(b, i) {
				seen[s.Index] = true
				stack = append(stack, s)
			}
		}
	}
	return false
}

// closedEdgePos is the position of the receive whose "closed" edge ends
// block b (the range over a ticker's channel), for Related.
func closedEdgePos(b *ssa.BasicBlock) token.Pos {
	if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
		if ext, ok := iff.Cond.(*ssa.Extract); ok && ext.Tuple.Pos().IsValid() {
			return ext.Tuple.Pos()
		}
	}
	for _, instr := range b.Instrs {
		if instr.Pos().IsValid() {
			return instr.Pos()
		}
	}
	return b.Parent().Pos()
}
