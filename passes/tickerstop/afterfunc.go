package tickerstop

import (
	"fmt"
	"go/types"

	"github.com/leakvet/leakvet/internal/golife"
	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// The AfterFunc rules hold in every Go version: the runtime keeps a
// pending callback (and all it captures) until it fires or is stopped.

// checkAfterFunc judges one time.AfterFunc call.
func (c *checker) checkAfterFunc(fn *ssa.Function, call *ssa.Call) {
	placeholder := isPlaceholder(call)
	if dropped(call) {
		if !placeholder {
			c.checkDroppedAfterFunc(fn, call)
		}
		return
	}
	for _, e := range ssaq.Escapes(call) {
		st, ok := e.Instr.(*ssa.Store)
		if e.Kind != ssaq.ToField || !ok {
			continue
		}
		k, ok := fieldAddrKey(st.Addr)
		if !ok {
			continue
		}
		closers := c.closers(k.Type)
		if !placeholder && len(closers) > 0 && !c.closersStop(closers, k) {
			c.report.Report(analysis.Diagnostic{
				Pos:      call.Pos(),
				Category: "afterfunc-not-stopped",
				Message: fmt.Sprintf("timer %q from time.AfterFunc is stored in a field of %s that %s never stops; the runtime keeps its callback and everything it captures until it fires; stop it in %s",
					k.Name(), ptrTypeName(k), closers[0].Name(), closers[0].Name()),
				Related: []analysis.RelatedInformation{{Pos: closers[0].Pos(), Message: "the closing method that does not stop it"}},
			})
			return
		}
		v := c.judgeArm(fn, st, k)
		if v.safe {
			return
		}
		stoppedSomewhere := c.stoppedFields[k]
		if !stoppedSomewhere && len(v.related) == 0 && (c.life == nil || c.life.At(st).Runs != lifetime.Repeatedly) {
			return // armed once: a replacement cannot be shown
		}
		msg := fmt.Sprintf("timer field %q of %s is re-armed with time.AfterFunc without stopping the previous timer; the old callback still fires and stays alive until then; stop the old timer first",
			k.Name(), ptrTypeName(k))
		if !stoppedSomewhere {
			msg = fmt.Sprintf("timer field %q of %s is re-armed with time.AfterFunc each time this runs (%s) and nothing in the package stops it; every pending callback, and what it captures, stays alive until it fires; stop the previous timer before re-arming",
				k.Name(), ptrTypeName(k), c.life.At(st).Why)
		}
		c.report.Report(analysis.Diagnostic{
			Pos:      call.Pos(),
			Category: "afterfunc-rearmed",
			Message:  msg,
			Related:  v.related,
		})
		return
	}
}

// closersStop reports whether some closing method stops field k.
func (c *checker) closersStop(closers []*ssa.Function, k fieldKey) bool {
	for _, cl := range closers {
		if c.stopsIn(cl)[k] {
			return true
		}
	}
	return false
}

// checkDroppedAfterFunc reports an AfterFunc whose *Timer is dropped in a
// method of a type with a closing method, which then cannot stop it.
// Exempt: callbacks that are themselves cleanup (they delete, close or
// cancel something) and capture nothing large — they are meant to run.
func (c *checker) checkDroppedAfterFunc(fn *ssa.Function, call *ssa.Call) {
	recv := receiverType(fn)
	if recv == nil || len(call.Call.Args) < 2 {
		return
	}
	closers := c.closers(recv)
	if len(closers) == 0 || c.isCleanup(call.Call.Args[1]) {
		return
	}
	closer := closers[0].Name()
	fix := fmt.Sprintf("keep the *time.Timer and stop it in %s", closer)
	if fn.Parent() != nil {
		// A per-call closure: the owner's closer does not know this timer.
		fix = "keep the *time.Timer and stop it when the work it guards is done"
	}
	c.report.Report(analysis.Diagnostic{
		Pos:      call.Pos(),
		Category: "afterfunc-dropped",
		Message: fmt.Sprintf("timer from time.AfterFunc is dropped, so %s cannot stop it; the runtime keeps its callback and everything it captures until it fires; %s",
			closer, fix),
	})
}

// isCleanup reports whether a callback only cleans up: its body (or a
// package function it calls) deletes from a map, closes a channel or calls
// a cancel func, and it captures no slice, array, map or string.
func (c *checker) isCleanup(v ssa.Value) bool {
	cb := c.funcOf(v)
	if cb == nil {
		return false
	}
	if mc, ok := ssaq.Unwrap(v).(*ssa.MakeClosure); ok {
		for _, b := range mc.Bindings {
			if large(b.Type()) {
				return false
			}
		}
	}
	return c.cleansUp(cb, 0)
}

func large(t types.Type) bool {
	if p, ok := types.Unalias(t).Underlying().(*types.Pointer); ok {
		t = p.Elem() // a captured variable
		if _, isStruct := t.Underlying().(*types.Struct); isStruct {
			return false
		}
	}
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Slice, *types.Array, *types.Map:
		return true
	case *types.Basic:
		return u.Info()&types.IsString != 0
	}
	return false
}

func (c *checker) cleansUp(fn *ssa.Function, depth int) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			common := ci.Common()
			if ssaq.IsBuiltin(common, "delete") || ssaq.IsBuiltin(common, "close") {
				return true
			}
			if ssaq.IsNamed(common.Value.Type(), "context", "CancelFunc") || ssaq.IsNamed(common.Value.Type(), "context", "CancelCauseFunc") {
				return true
			}
			if depth < 2 {
				if callee := c.pkgCallee(instr); callee != nil && c.cleansUp(callee, depth+1) {
					return true
				}
			}
		}
	}
	return false
}

// checkContextAfterFunc reports context.AfterFunc(ctx, f) whose stop func
// is dropped, on a context that outlives the call (the owner's, or one
// that never ends), in code that runs repeatedly: every run leaves one
// more registered callback until that context ends.
func (c *checker) checkContextAfterFunc(call *ssa.Call) {
	if !dropped(call) || c.life == nil || len(call.Call.Args) < 1 {
		return
	}
	at := c.life.At(call)
	if at.Runs != lifetime.Repeatedly {
		return
	}
	sig, why := c.golife.Context(call.Call.Args[0])
	if sig == golife.PerCall {
		return
	}
	c.report.Report(analysis.Diagnostic{
		Pos:      call.Pos(),
		Category: "context-afterfunc-dropped",
		Message: fmt.Sprintf("context.AfterFunc drops its stop func on a context that outlives this call (%s), and this runs repeatedly (%s): each callback and everything it captures stays registered until that context ends; keep the stop func and call it when the call is done",
			why, at.Why),
	})
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
