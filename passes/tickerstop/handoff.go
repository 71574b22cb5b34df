package tickerstop

import (
	"fmt"
	"go/token"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// stopsOf returns a predicate for the instructions that stop the ticker or
// timer denoted by any of aliases (the creating call, the local variables
// closures capture it through).
func (c *checker) stopsOf(aliases []ssa.Value) func(ssa.Instruction) bool {
	return func(instr ssa.Instruction) bool {
		ci, ok := instr.(ssa.CallInstruction)
		if !ok {
			return false
		}
		for _, s := range c.stoppedValues(ci) {
			for _, a := range aliases {
				if sameValue(s, a) {
					return true
				}
			}
		}
		return false
	}
}

// stopsOrFires extends stops, for a timer, with the receives from its
// channel: a path on which the timer has fired needs no Stop (a fired
// timer leaves the runtime's heap). A receive is a plain <-t.C, or the
// body of a select case on t.C (also through a variable that is nil on
// other paths).
func (c *checker) stopsOrFires(fn *ssa.Function, cr creation, aliases []ssa.Value, stops func(ssa.Instruction) bool) func(ssa.Instruction) bool {
	if cr.kind != "timer" {
		return stops
	}
	isC := func(ch ssa.Value) bool { return timerChanOf(ch, aliases, 0) }
	fired := make(map[ssa.Instruction]bool)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch x := instr.(type) {
			case *ssa.UnOp:
				if x.Op == token.ARROW && isC(x.X) {
					fired[x] = true
				}
			case *ssa.Select:
				for i, st := range x.States {
					if st.Dir == types.RecvOnly && isC(st.Chan) {
						if body := selectCaseBlock(x, i); body != nil && len(body.Instrs) > 0 {
							fired[body.Instrs[0]] = true
						}
					}
				}
			}
		}
	}
	if len(fired) == 0 {
		return stops
	}
	return func(instr ssa.Instruction) bool { return fired[instr] || stops(instr) }
}

// nilEdges returns an edge filter for paths that follow a fresh ticker or
// timer: the branch on which a variable holding it is nil is not taken
// (if t != nil { t.Stop() } after t = time.NewTimer(d) on this path).
func nilEdges(aliases []ssa.Value) func(*ssa.BasicBlock, int) bool {
	return func(b *ssa.BasicBlock, succ int) bool {
		if ssaq.TimeChanClosedEdge(b, succ) {
			return true
		}
		if len(b.Instrs) == 0 {
			return false
		}
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			return false
		}
		cmp, ok := iff.Cond.(*ssa.BinOp)
		if !ok || cmp.Op != token.EQL && cmp.Op != token.NEQ {
			return false
		}
		k, ok := cmp.Y.(*ssa.Const)
		if !ok || !k.IsNil() {
			return false
		}
		for _, a := range aliases {
			if sameValue(cmp.X, a) {
				nilSucc := 0 // t == nil: true edge
				if cmp.Op == token.NEQ {
					nilSucc = 1
				}
				return succ == nilSucc
			}
		}
		return false
	}
}

// timerChanOf reports whether ch is the C of the timer denoted by aliases,
// possibly through a phi whose other edges are nil.
func timerChanOf(ch ssa.Value, aliases []ssa.Value, depth int) bool {
	switch x := ssaq.Unwrap(ch).(type) {
	case *ssa.Phi:
		if depth > 3 {
			return false
		}
		found := false
		for _, e := range x.Edges {
			if k, ok := e.(*ssa.Const); ok && k.IsNil() {
				continue
			}
			if !timerChanOf(e, aliases, depth+1) {
				return false
			}
			found = true
		}
		return found
	case *ssa.UnOp:
		fa, ok := x.X.(*ssa.FieldAddr)
		if !ok || x.Op != token.MUL || fa.Field != 0 || timerKind(fa.X.Type()) != "timer" {
			return false
		}
		for _, a := range aliases {
			if sameValue(fa.X, a) {
				return true
			}
		}
	}
	return false
}

// selectCaseBlock returns the block a select enters when case i is taken
// (the true successor of "index == i"), or nil.
func selectCaseBlock(sel *ssa.Select, i int) *ssa.BasicBlock {
	if sel.Referrers() == nil {
		return nil
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
			if k, ok := cmp.Y.(*ssa.Const); ok && k.Value != nil && k.Int64() == int64(i) {
				b := cmp.Block()
				if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok && iff.Cond == cmp {
					return b.Succs[0]
				}
			}
		}
	}
	return nil
}

// checkHandoffPaths reports, under old rules, a ticker or timer whose
// ownership moves on some paths (returned, stored in an object, sent, kept
// by a callee) while another path reaches a return without handing it off
// or stopping it: hand-off is path sensitive, and that path leaks it
// (typically the error return of a constructor that made the ticker before
// a step that can fail).
func (c *checker) checkHandoffPaths(fn *ssa.Function, call *ssa.Call, cr creation, aliases []ssa.Value, handoffs []ssa.Instruction) {
	if !returnsUnlessTimerClosed(fn) {
		return
	}
	isHandoff := make(map[ssa.Instruction]bool, len(handoffs))
	for _, h := range handoffs {
		isHandoff[h] = true
	}
	stops := c.stopsOrFires(fn, cr, aliases, c.stopsOf(aliases))
	ret := ssaq.ExitAvoidingEdges(call, func(instr ssa.Instruction) bool {
		return isHandoff[instr] || stops(instr)
	}, nilEdges(aliases))
	if ret == nil {
		return
	}
	name, _ := c.localName(call.Pos())
	label := orDefault(name, cr.kind)
	c.report.Report(analysis.Diagnostic{
		Pos:      call.Pos(),
		Category: "unstopped-" + cr.kind,
		Message: fmt.Sprintf("%s %q from %s is handed off on some paths but a return drops it without Stop (%s); stop it before that return",
			cr.kind, label, cr.source, c.why(cr.kind)),
		Related: []analysis.RelatedInformation{
			{Pos: ret.Pos(), Message: "this return neither hands it off nor stops it"},
			{Pos: handoffs[0].Pos(), Message: "ownership moves here on the other paths"},
		},
	})
}
