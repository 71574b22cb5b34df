package tickerstop

import (
	"fmt"
	"strings"

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
						// go func() {...}() or wg.Go(func() {...}) (Go 1.25)
						if g, ok := r.(ssa.CallInstruction); ok && c.golife.GoFunc(g) == ssa.Value(mc) {
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

// returnsUnlessTimerClosed is ssaq.Returns for a goroutine body, except
// that a receive from a ticker's or timer's C never reports the channel
// closed: the runtime never closes it, so for range t.C never ends.
func returnsUnlessTimerClosed(fn *ssa.Function) bool {
	return ssaq.ReturnsIgnoring(fn, ssaq.TimeChanClosedEdge)
}
