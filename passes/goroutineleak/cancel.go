package goroutineleak

import (
	"fmt"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// checkCancel reports a goroutine waiting on ctx.Done() for a context made
// from context.Background() whose cancel func some path of the maker
// never calls: nothing else can ever close Done.
func (c *checker) checkCancel(call *ssa.Call) {
	if !isRootCancel(call) {
		return
	}
	var ctxV, cancelV ssa.Value
	for _, ref := range *call.Referrers() {
		if ext, ok := ref.(*ssa.Extract); ok {
			switch ext.Index {
			case 0:
				ctxV = ext
			case 1:
				cancelV = ext
			}
		}
	}
	if ctxV == nil || cancelV == nil {
		return
	}
	cancels := c.track(cancelV, cancelMode)
	set := make(map[ssa.Instruction]bool)
	// Handing the cancel func on (storing, returning or passing it) makes
	// the new holder responsible: those are as good as a call.
	var kept []op
	var field *ssa.FieldAddr
	for _, o := range cancels.handoffs {
		if fa := c.deadCancelField(o.instr); fa != nil {
			field = fa // stored where nothing in the package ever reads it
			continue
		}
		kept = append(kept, o)
	}
	cancelled := append(cancels.ops, kept...)
	if field != nil && len(cancelled) == 0 {
		c.neverCancelled(call, ctxV, field)
		return
	}
	for _, o := range cancelled {
		if o.goInstr != nil || o.anchor == nil {
			return // cancelled from another goroutine or a callback
		}
		set[o.anchor] = true
	}
	waits := c.track(ctxV, ctxMode)
	for _, w := range sortedOps(waits.ops) {
		if w.goInstr == nil || w.anchor == nil || w.kind != opRecv && !(w.kind == opTryRecv && onlyWayOut(w)) {
			continue
		}
		if precedes(cancelled, w.anchor) {
			continue // cancelled or handed on before the goroutine starts
		}
		ret := ssaq.ExitAvoiding(w.anchor, func(i ssa.Instruction) bool { return set[i] })
		if ret == nil {
			continue
		}
		name := c.exprAt(opPos(w), -1)
		spawner := spawnerName(call.Parent())
		c.diag(analysis.Diagnostic{
			Pos:      opPos(w),
			Category: "orphaned-receiver",
			Message: fmt.Sprintf("goroutine blocks forever receiving from %q: its context comes from context.Background() and %s can return without calling cancel; defer cancel() right after context.WithCancel",
				name, spawner),
			Related: []analysis.RelatedInformation{
				related(w.goInstr.Pos(), "goroutine started here"),
				related(retPos(ret), "%s returns here without cancel()", spawner),
			},
		})
	}
}

// onlyWayOut reports whether the select case of op w is the only way its
// function (the goroutine's body, or a helper it runs) can return: the
// other cases only loop (a ticker, a data channel).
func onlyWayOut(w op) bool {
	s, ok := w.instr.(*ssa.Select)
	if !ok {
		return false
	}
	body := caseBody(s, w.state)
	if body == nil || len(body.Instrs) == 0 {
		return false
	}
	out := body.Instrs[0]
	return ssaq.EntryExitAvoiding(s.Parent(), func(i ssa.Instruction) bool { return i == out }) == nil
}

// rootContext reports whether v is the context of context.WithCancel (or
// WithCancelCause) of context.Background() or TODO(): only its cancel func
// ends it.
func rootContext(v ssa.Value) bool {
	ext, ok := v.(*ssa.Extract)
	if !ok || ext.Index != 0 {
		return false
	}
	call, ok := ext.Tuple.(*ssa.Call)
	return ok && isRootCancel(call)
}

// isRootCancel reports whether call is context.WithCancel(Cause) of
// context.Background() or TODO().
func isRootCancel(call *ssa.Call) bool {
	callee := ssaq.Callee(&call.Call)
	if !ssaq.IsFunc(callee, "context", "WithCancel") && !ssaq.IsFunc(callee, "context", "WithCancelCause") {
		return false
	}
	parent, ok := ssaq.Unwrap(call.Call.Args[0]).(*ssa.Call)
	if !ok {
		return false
	}
	pc := ssaq.Callee(&parent.Call)
	return ssaq.IsFunc(pc, "context", "Background") || ssaq.IsFunc(pc, "context", "TODO")
}

// onlyStoredBy reports whether v is a channel made for the store st alone:
// made right there and used for nothing else.
func onlyStoredBy(v ssa.Value, st *ssa.Store) bool {
	if _, made := v.(*ssa.MakeChan); !made {
		return false
	}
	for _, ref := range *v.Referrers() {
		if ref != ssa.Instruction(st) {
			if _, ok := ref.(*ssa.DebugRef); !ok {
				return false
			}
		}
	}
	return true
}

// deadCancelField returns the field address a store (of a cancel func)
// writes when the field is unexported and nothing in the package ever
// loads it: the cancel is never called (a closed world).
func (c *checker) deadCancelField(instr ssa.Instruction) *ssa.FieldAddr {
	st, ok := instr.(*ssa.Store)
	if !ok {
		return nil
	}
	fa, ok := st.Addr.(*ssa.FieldAddr)
	if !ok {
		return nil
	}
	f, ok := ssaq.FieldAt(fa)
	if !ok || f.Type.Obj().Pkg() != c.pass.Pkg {
		return nil
	}
	if st, ok := f.Type.Underlying().(*types.Struct); !ok || f.Index >= st.NumFields() || st.Field(f.Index).Exported() {
		return nil
	}
	for _, fn := range c.funcs {
		for _, b := range fn.Blocks {
			for _, i := range b.Instrs {
				other, ok := i.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				if g, ok := ssaq.FieldAt(other); !ok || g != f {
					continue
				}
				for _, r := range *other.Referrers() {
					switch r := r.(type) {
					case *ssa.Store:
						if r.Addr != ssa.Value(other) {
							return nil
						}
					case *ssa.DebugRef:
					default:
						return nil // read, or its address taken
					}
				}
			}
		}
	}
	return fa
}

// neverCancelled reports the goroutines waiting on ctx.Done() of a context
// whose cancel is kept only in a field nothing reads.
func (c *checker) neverCancelled(call *ssa.Call, ctxV ssa.Value, field *ssa.FieldAddr) {
	name := "the cancel field"
	if f, ok := ssaq.FieldAt(field); ok {
		name = f.Type.Obj().Name() + "." + fieldName(f)
	}
	for _, w := range sortedOps(c.track(ctxV, ctxMode).ops) {
		if w.goInstr == nil || w.anchor == nil || w.kind != opRecv && !(w.kind == opTryRecv && onlyWayOut(w)) {
			continue
		}
		c.diag(analysis.Diagnostic{
			Pos:      w.goInstr.Pos(),
			Category: "orphaned-receiver",
			Message: fmt.Sprintf("goroutine waits on ctx.Done() forever: its cancel is kept in field %s and nothing in the package ever calls it; call it in the owner's Close, or return it",
				name),
			Related: []analysis.RelatedInformation{
				related(opPos(w), "waits here"),
				related(call.Pos(), "context made here"),
			},
		})
	}
}
