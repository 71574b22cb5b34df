package tickerstop

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/ssaq"
	"github.com/leakvet/leakvet/internal/timersem"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// oldRules reports whether the rules for old timer semantics apply: the
// package runs (or may run) with pre-1.23 timers, or -tickerstop.strict.
func (c *checker) oldRules() bool { return c.cfg.Strict || c.sem.Semantics != timersem.New }

// why explains, for a message, why an unstopped kind leaks here.
func (c *checker) why(kind string) string {
	switch c.sem.Semantics {
	case timersem.Old:
		return fmt.Sprintf("%s: before Go 1.23 an unstopped %s is never garbage collected", c.sem.Why, kind)
	case timersem.Unknown:
		return fmt.Sprintf("%s; before Go 1.23 an unstopped %s is never garbage collected", c.sem.Why, kind)
	}
	return fmt.Sprintf("-tickerstop.strict; with %s an unreferenced %s is collected, but stopping it is still good hygiene", c.sem.Why, kind)
}

func (c *checker) checkFunc(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			callee := ssaq.Callee(&call.Call)
			switch {
			case ssaq.IsFunc(callee, "time", "Tick"):
				c.checkTick(fn, call)
			case ssaq.IsFunc(callee, "time", "After"):
				c.checkAfter(call, c.life.InLoop(b))
			case ssaq.IsFunc(callee, "time", "AfterFunc"):
				c.checkAfterFunc(fn, call)
			case ssaq.IsFunc(callee, "context", "AfterFunc"):
				c.checkContextAfterFunc(call)
			case ssaq.IsBuiltin(&call.Call, "delete"), ssaq.IsBuiltin(&call.Call, "clear"):
				c.checkRemoval(fn, call)
			default:
				if cr, ok := c.created(&call.Call); ok {
					c.checkCreated(fn, call, cr)
				}
			}
		}
	}
}

// checkCreated follows a fresh ticker or timer from its creation.
func (c *checker) checkCreated(fn *ssa.Function, call *ssa.Call, cr creation) {
	aliases := []ssa.Value{call}
	var goroutines []ssa.Instruction // go statements that receive it
	// handoffs are the instructions that move ownership on their path: a
	// return, a store, a send, a call that keeps it. Hand-off is path
	// sensitive: a path to return that passes none of them (and no stop)
	// drops the ticker.
	var handoffs []ssa.Instruction
	var fieldStores, globalStores []*ssa.Store
	for _, e := range ssaq.Escapes(call) {
		switch e.Kind {
		case ssaq.ToReturn, ssaq.ToChannel, ssaq.ToElement:
			handoffs = append(handoffs, e.Instr)
		case ssaq.ToField:
			handoffs = append(handoffs, e.Instr)
			if st, ok := e.Instr.(*ssa.Store); ok {
				fieldStores = append(fieldStores, st)
			}
		case ssaq.ToGlobal:
			handoffs = append(handoffs, e.Instr)
			globalStores = append(globalStores, e.Instr.(*ssa.Store))
		case ssaq.ToCall:
			if _, isGo := e.Instr.(*ssa.Go); isGo {
				goroutines = append(goroutines, e.Instr)
				continue
			}
			if c.callKeeps(e) {
				handoffs = append(handoffs, e.Instr)
			}
		case ssaq.ToClosure:
			if mc, ok := e.Instr.(*ssa.MakeClosure); ok {
				for _, b := range mc.Bindings {
					if _, isAlloc := b.(*ssa.Alloc); isAlloc {
						aliases = append(aliases, b)
					}
				}
				if refs := mc.Referrers(); refs != nil {
					for _, r := range *refs {
						if g, ok := r.(*ssa.Go); ok && g.Call.Value == mc {
							goroutines = append(goroutines, g)
						}
					}
				}
			}
		}
	}
	if len(handoffs) > 0 {
		if c.oldRules() {
			c.checkHandoffPaths(fn, call, cr, aliases, handoffs)
		}
		for _, st := range fieldStores {
			if k, ok := fieldAddrKey(st.Addr); ok {
				c.checkFieldStore(fn, call, cr, k, st)
			}
		}
		for _, st := range globalStores {
			c.checkGlobalStore(fn, call, cr, st)
		}
		return
	}
	stops := c.stopsOf(aliases)
	name, stmt := c.localName(call.Pos())
	label := name
	if label == "" {
		label = cr.kind
	}
	if !c.oldRules() {
		c.checkForeverReader(fn, call, cr, label, goroutines, stops)
		return
	}
	if !returnsUnlessTimerClosed(fn) || ssaq.ExitAvoidingEdges(call, c.stopsOrFires(fn, cr, aliases, stops), nilEdges(aliases)) == nil {
		return
	}
	d := analysis.Diagnostic{
		Pos:      call.Pos(),
		Category: "unstopped-" + cr.kind,
		Message: fmt.Sprintf("%s %q from %s is not stopped on every path (%s); defer %s.Stop()",
			cr.kind, label, cr.source, c.why(cr.kind), orDefault(name, "it")),
	}
	if stmt != nil && name != "" {
		pos := c.pass.Fset.Position(stmt.Pos())
		indent := strings.Repeat("\t", max(pos.Column-1, 0))
		at := c.endOfLine(stmt.End())
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message: fmt.Sprintf("Insert defer %s.Stop()", name),
			TextEdits: []analysis.TextEdit{{
				Pos:     at,
				End:     at,
				NewText: []byte("\n" + indent + "defer " + name + ".Stop()"),
			}},
		}}
	}
	c.report.Report(d)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// returnsUnlessTimerClosed is ssaq.Returns for a goroutine body, except
// that a receive from a ticker's or timer's C never reports the channel
// closed: the runtime never closes it, so for range t.C never ends.
func returnsUnlessTimerClosed(fn *ssa.Function) bool {
	return ssaq.ReturnsIgnoring(fn, ssaq.TimeChanClosedEdge)
}

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

// dropped reports whether a call's result is never used.
func dropped(call *ssa.Call) bool {
	refs := call.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		if _, dbg := r.(*ssa.DebugRef); !dbg {
			return false
		}
	}
	return true
}

// receiverType returns the named type whose method fn is (or encloses).
func receiverType(fn *ssa.Function) *types.Named {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	recv := fn.Signature.Recv()
	if recv == nil {
		return nil
	}
	t := recv.Type()
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	if n != nil {
		n = n.Origin()
	}
	return n
}

// endOfLine returns pos, or the end of a comment that follows it on the
// same line, so an inserted line does not split code from its comment.
func (c *checker) endOfLine(pos token.Pos) token.Pos {
	line := c.pass.Fset.Position(pos).Line
	for _, f := range c.pass.Files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		for _, cg := range f.Comments {
			for _, cm := range cg.List {
				if cm.Pos() >= pos && c.pass.Fset.Position(cm.Pos()).Line == line && cm.End() > pos {
					pos = cm.End()
				}
			}
		}
	}
	return pos
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
