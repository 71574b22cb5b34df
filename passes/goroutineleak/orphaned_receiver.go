package goroutineleak

import (
	"fmt"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// orphanedReceivers reports receives in goroutines that no path of the
// code holding the channel serves: a range over a channel that is not
// closed on every path, or a single receive with no send or close on some
// path.
func (c *checker) orphanedReceivers(mc *ssa.MakeChan, f *flow) {
	var recvs []op
	for _, o := range f.ops {
		if (o.kind == opRecv || o.kind == opRange) && o.goInstr != nil && o.anchor != nil {
			recvs = append(recvs, o)
		}
		if (o.kind.sends() || o.kind == opClose) && o.anchor == nil {
			return // served from code run at unknown times
		}
	}
	for _, r := range sortedOps(recvs) {
		c.orphanedReceiver(mc, f, r)
	}
}

func (c *checker) orphanedReceiver(mc *ssa.MakeChan, f *flow, r op) {
	var closes, sends []op
	for _, o := range f.ops {
		if o.goInstr == r.goInstr {
			if o.kind.sends() {
				return // it serves itself: a token passed around or a semaphore
			}
			if o.kind == opClose && o.instr.Parent() == r.instr.Parent() && ssaq.ReachesAvoiding(o.instr.Block(), r.instr.Block(), nil) {
				return // it closes the channel itself, then drains it
			}
			continue
		}
		switch {
		case o.kind == opClose:
			closes = append(closes, o)
		case o.kind.sends():
			sends = append(sends, o)
		}
	}
	name := c.chanName(r, mc)
	spawner := spawnerName(mc.Parent())
	rel := []analysis.RelatedInformation{related(r.goInstr.Pos(), "goroutine started here")}
	if r.kind == opRange && leavesRangeEarly(r.instr) {
		return // it stops on some value (an "end" message), not only on close
	}
	if r.kind == opRange {
		if len(closes) == 0 {
			c.diag(analysis.Diagnostic{
				Pos:      opPos(r),
				Category: "orphaned-receiver",
				Message: fmt.Sprintf("goroutine blocks forever receiving from %q: nothing closes it, so the loop never ends; close(%s) when the last value is sent",
					name, name),
				Related: rel,
			})
			return
		}
		ret := c.closesOnEveryPath(closes, r)
		if ret == nil {
			return
		}
		c.diag(analysis.Diagnostic{
			Pos:      opPos(r),
			Category: "orphaned-receiver",
			Message: fmt.Sprintf("goroutine blocks forever receiving from %q when %s returns without closing it; defer close(%s) where the values are sent",
				name, ssaq.Name(ret.Parent()), name),
			Related: append(rel, related(retPos(ret), "returns here without close(%s)", name)),
		})
		return
	}
	// A single receive needs one send or a close.
	if len(sends)+len(closes) == 0 {
		c.diag(analysis.Diagnostic{
			Pos:      opPos(r),
			Category: "orphaned-receiver",
			Message:  fmt.Sprintf("goroutine blocks forever receiving from %q: nothing sends on or closes it; close(%s) or send when the goroutine should proceed", name, name),
			Related:  rel,
		})
		return
	}
	served := append(sends, closes...)
	for _, o := range served {
		if o.goInstr != nil || o.anchor == nil {
			return // another goroutine serves it
		}
	}
	if precedes(served, r.anchor) {
		return // a value sent before the goroutine starts (a buffered channel primed)
	}
	ret := c.avoiding(served, func(o op) ssa.Instruction { return o.anchor }).exit(r.anchor)
	if ret == nil {
		return
	}
	c.diag(analysis.Diagnostic{
		Pos:      opPos(r),
		Category: "orphaned-receiver",
		Message: fmt.Sprintf("goroutine blocks forever receiving from %q when %s returns without sending on or closing it; defer close(%s) after starting the goroutine",
			name, spawner, name),
		Related: append(rel, related(retPos(ret), "%s returns here", spawner)),
	})
}

// closesOnEveryPath checks that some code holding the channel closes it on
// every path: the spawner from the consumer's start on, or a goroutine
// from its own start. It returns a return that skips the close, or nil.
func (c *checker) closesOnEveryPath(closes []op, consumer op) *ssa.Return {
	byCtx := make(map[ssa.CallInstruction][]op)
	for _, o := range closes {
		if o.anchor == nil {
			return nil
		}
		byCtx[o.goInstr] = append(byCtx[o.goInstr], o)
	}
	var missed *ssa.Return
	for g, ops := range byCtx {
		var ret *ssa.Return
		if g == nil {
			ret = c.avoiding(ops, func(o op) ssa.Instruction { return o.anchor }).exit(consumer.anchor)
		} else {
			set := make(map[ssa.Instruction]bool)
			for _, o := range ops {
				set[o.inGo] = true
			}
			ret = ssaq.EntryExitAvoiding(ops[0].inGo.Parent(), func(i ssa.Instruction) bool { return set[i] })
		}
		if ret == nil {
			return nil
		}
		if missed == nil || g == nil {
			missed = ret
		}
	}
	return missed
}

// leavesRangeEarly reports whether the loop receiving with recv (a range
// over a channel) can return other than by the channel being closed.
func leavesRangeEarly(recv ssa.Instruction) bool {
	u, ok := recv.(*ssa.UnOp)
	if !ok {
		return false
	}
	closed := func(b *ssa.BasicBlock, succ int) bool {
		if succ != 1 || len(b.Instrs) == 0 {
			return false
		}
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		return ok && isClosedTest(iff.Cond, u)
	}
	return ssaq.ExitAvoidingEdges(recv, func(ssa.Instruction) bool { return false }, closed) != nil
}
