package ssaq

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// SelectCaseBranch returns the block whose If dispatches case i of a
// select (idx := extract sel #0; if idx == i goto case_i else next), so
// that edge (block, 0) is "case i taken"; nil if there is none (a select
// whose result is unused, or i out of range).
func SelectCaseBranch(sel *ssa.Select, i int) *ssa.BasicBlock {
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
			k, ok := cmp.Y.(*ssa.Const)
			if !ok || k.Value == nil || k.Int64() != int64(i) {
				continue
			}
			b := cmp.Block()
			if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok && iff.Cond == cmp {
				return b
			}
		}
	}
	return nil
}
