package tickerstop

import (
	"fmt"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// This file holds the rules for time.Tick and time.After.

// checkTick reports time.Tick in a function that returns, under old rules.
func (c *checker) checkTick(fn *ssa.Function, call *ssa.Call) {
	if !c.oldRules() {
		c.checkMadeInForeverGoroutine(fn, call, creation{"ticker", "time.Tick"}, "ticker", nil)
		return
	}
	if isMainFunc(fn) || !returnsUnlessTimerClosed(fn) {
		return
	}
	c.report.Report(analysis.Diagnostic{
		Pos:      call.Pos(),
		Category: "tick-in-returning-func",
		Message: fmt.Sprintf("time.Tick leaks its ticker in a function that returns (%s); use time.NewTicker and defer Stop",
			c.why("ticker")),
	})
}

func isMainFunc(fn *ssa.Function) bool {
	return fn.Name() == "main" && fn.Parent() == nil && fn.Signature.Recv() == nil && fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main"
}

// checkAfter reports time.After feeding a select inside a loop.
func (c *checker) checkAfter(call *ssa.Call, inLoop bool) {
	if !c.oldRules() || !inLoop || call.Referrers() == nil {
		return
	}
	for _, r := range *call.Referrers() {
		if sel, ok := r.(*ssa.Select); ok {
			if !otherCaseLoops(sel, call) {
				return // the loop goes on only after this timer fired
			}
			c.report.Report(analysis.Diagnostic{
				Pos:      call.Pos(),
				Category: "after-in-loop",
				Message: fmt.Sprintf("time.After in a loop starts a timer per iteration that stays alive until it fires (%s); create one time.Timer before the loop and Reset it",
					c.why("timer")),
			})
			return
		}
	}
}

// otherCaseLoops reports whether a select can go round its loop again
// without the time.After timer having fired: a default case, or another
// case whose body reaches the select again. When every other case leaves
// the loop, at most one timer is pending when it ends (yamux keepalive).
func otherCaseLoops(sel *ssa.Select, after *ssa.Call) bool {
	if !sel.Blocking {
		return true
	}
	for i, st := range sel.States {
		if st.Chan == after {
			continue
		}
		body := selectCaseBlock(sel, i)
		if body == nil || ssaq.ReachesAvoiding(body, sel.Block(), nil) {
			return true
		}
	}
	return false
}
