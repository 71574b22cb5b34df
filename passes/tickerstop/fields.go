package tickerstop

import (
	"fmt"
	"go/token"

	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// This file holds the rules for tickers and timers kept in fields and
// package-level vars under old semantics (and hands field tickers to the
// reachable-ticker rules under new ones).

// checkFieldStore handles a ticker or timer stored in a struct field.
func (c *checker) checkFieldStore(fn *ssa.Function, call *ssa.Call, cr creation, k fieldKey, st *ssa.Store) {
	if !c.oldRules() {
		// Collected with its owner under Go 1.23 semantics, unless a
		// goroutine that never exits keeps reading it.
		c.checkFieldReader(fn, call, cr, k, st)
		return
	}
	field := k.Name()
	switch {
	case !c.stoppedFields[k]:
		c.report.Report(analysis.Diagnostic{
			Pos:      call.Pos(),
			Category: "unstopped-field-" + cr.kind,
			Message: fmt.Sprintf("%s %q stored in a field of %s is never stopped by any method of %s (%s); stop it in Close",
				cr.kind, field, ptrTypeName(k), ptrTypeName(k), c.why(cr.kind)),
		})
	case !freshPlace(st.Addr, fn) && !nilGuarded(st, k) && !c.stopsIn(fn)[k] && c.armsAgain(fn, st, k):
		c.report.Report(analysis.Diagnostic{
			Pos:      call.Pos(),
			Category: "replaced-" + cr.kind,
			Message: fmt.Sprintf("%s field %q of %s is replaced without stopping the previous %s (%s); stop the old one before assigning",
				cr.kind, field, ptrTypeName(k), cr.kind, c.why(cr.kind)),
		})
	}
}

// nilGuarded reports whether a field store runs only when the field is
// nil (if s.t == nil { s.t = ... }): a first arming, not a replacement.
func nilGuarded(st *ssa.Store, k fieldKey) bool {
	for dom := st.Block().Idom(); dom != nil; dom = dom.Idom() {
		if len(dom.Instrs) == 0 {
			continue
		}
		ifInstr, ok := dom.Instrs[len(dom.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := ifInstr.Cond.(*ssa.BinOp)
		if !ok || cmp.Op != token.EQL && cmp.Op != token.NEQ {
			continue
		}
		for _, side := range []ssa.Value{cmp.X, cmp.Y} {
			if fk, ok := fieldOf(side); ok && fk == k {
				return true
			}
		}
	}
	return false
}

// checkGlobalStore reports, under old rules, a ticker or timer stored in a
// package-level var by code that runs repeatedly without stopping the one
// stored before: each run leaks the previous one. A var set once (at
// start-up) lives as long as the process, which is intended.
func (c *checker) checkGlobalStore(fn *ssa.Function, call *ssa.Call, cr creation, st *ssa.Store) {
	g, ok := st.Addr.(*ssa.Global)
	if !ok || !c.oldRules() || c.life.At(st).Runs != lifetime.Repeatedly {
		return
	}
	if c.anyStopped(fn, func(v ssa.Value) bool {
		u, ok := ssaq.Unwrap(v).(*ssa.UnOp)
		return ok && u.Op == token.MUL && u.X == g
	}) {
		return // the previous one is stopped here
	}
	ctx := c.life.At(st)
	c.report.Report(analysis.Diagnostic{
		Pos:      call.Pos(),
		Category: "replaced-global-" + cr.kind,
		Message: fmt.Sprintf("%s from %s replaces package-level var %q without stopping the previous %s, %s (%s); stop the old one before assigning",
			cr.kind, cr.source, g.Name(), cr.kind, ctx.Why, c.why(cr.kind)),
	})
}
