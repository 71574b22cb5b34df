package goroutineleak

import (
	"fmt"
	"go/token"

	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// checkNoExit reports a goroutine that loops forever started from code
// that runs repeatedly: every run adds one more.
func (c *checker) checkNoExit(g ssa.CallInstruction, body *ssa.Function) {
	if c.life == nil || inTestFile(c.pass.Fset, g.Pos()) {
		return
	}
	at := c.life.At(g)
	if at.Runs != lifetime.Repeatedly {
		return
	}
	loop := c.foreverLoop(body, make(map[*ssa.Function]bool))
	if loop == nil {
		return
	}
	c.diag(analysis.Diagnostic{
		Pos:      g.Pos(),
		Category: "no-exit",
		Message: fmt.Sprintf("goroutine runs forever: %s loops with no way out, and this go statement runs repeatedly (%s), leaving one more goroutine per run; give the loop an exit (a case on a done channel or ctx.Done()) and close it when done",
			ssaq.Name(loop.Parent()), at.Why),
		Related: []analysis.RelatedInformation{related(loopPos(loop), "the loop no path leaves")},
	})
}

// loopPos is where a loop starts in the source, for Related.
func loopPos(b *ssa.BasicBlock) token.Pos {
	for _, instr := range b.Instrs {
		if instr.Pos().IsValid() {
			return instr.Pos()
		}
	}
	return b.Parent().Pos()
}

// foreverLoop returns a block of a loop that fn can never leave (and no
// path of fn returns), looking into the package functions every path of
// fn calls; nil if fn can finish. A range over a ticker's channel never
// ends: tickers are not closed.
func (c *checker) foreverLoop(fn *ssa.Function, seen map[*ssa.Function]bool) *ssa.BasicBlock {
	if seen[fn] || len(fn.Blocks) == 0 {
		return nil
	}
	seen[fn] = true
	if !ssaq.ReturnsIgnoring(fn, ssaq.TimeChanClosedEdge) {
		endless := ssaq.EndlessLoopBlocks(fn)
		for i, e := range endless {
			if e {
				return fn.Blocks[i]
			}
		}
		for _, b := range fn.Blocks {
			if tickerRangeHead(b) {
				return b
			}
		}
	}
	// Every path goes through a call that never returns.
	var loop *ssa.BasicBlock
	calls := func(instr ssa.Instruction) bool {
		call, ok := instr.(*ssa.Call)
		if !ok {
			return false
		}
		callee := ssaq.Callee(&call.Call)
		if callee == nil || callee.Pkg != c.pkg {
			return false
		}
		if l := c.foreverLoop(callee, seen); l != nil {
			loop = l
			return true
		}
		return false
	}
	if ssaq.EntryExitAvoiding(fn, calls) == nil && loop != nil {
		return loop
	}
	return nil
}

// tickerRangeHead reports whether b is the head of a range over a ticker's
// channel (or time.Tick's), which delivers forever.
func tickerRangeHead(b *ssa.BasicBlock) bool {
	for _, instr := range b.Instrs {
		if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.ARROW && u.CommaOk {
			if k := ssaq.TimeChan(u.X); k == "Tick" || k == "Ticker" {
				return true
			}
		}
	}
	return false
}
